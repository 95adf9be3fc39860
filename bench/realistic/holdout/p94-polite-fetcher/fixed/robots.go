package politefetch

import (
	"bufio"
	"strings"
)

// robotsRules is the subset of robots.txt that applies to our user agent.
type robotsRules struct {
	allow    []string
	disallow []string
}

// allowed reports whether path may be fetched. The longest matching rule
// wins and Allow beats Disallow on a tie, as in RFC 9309.
func (r *robotsRules) allowed(path string) bool {
	best, ok := -1, true
	for _, p := range r.disallow {
		if strings.HasPrefix(path, p) && len(p) > best {
			best, ok = len(p), false
		}
	}
	for _, p := range r.allow {
		if strings.HasPrefix(path, p) && len(p) >= best {
			best, ok = len(p), true
		}
	}
	return ok
}

// parseRobots merges the rules of every group addressed to "*" or to a
// product token contained in agent.
func parseRobots(body, agent string) *robotsRules {
	agent = strings.ToLower(agent)
	rules := &robotsRules{}
	applies, inAgents := false, false
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		if key == "user-agent" {
			if !inAgents {
				applies = false
			}
			inAgents = true
			ua := strings.ToLower(value)
			applies = applies || ua == "*" || strings.Contains(agent, ua)
			continue
		}
		inAgents = false
		if !applies || value == "" {
			continue
		}
		switch key {
		case "allow":
			rules.allow = append(rules.allow, value)
		case "disallow":
			rules.disallow = append(rules.disallow, value)
		}
	}
	return rules
}
