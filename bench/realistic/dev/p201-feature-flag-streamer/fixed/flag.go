package flags

import "strings"

// User is the subject a flag is evaluated for.
type User struct {
	Key        string
	Attributes map[string]string
}

// Rule matches users by one attribute and serves a fixed variation.
type Rule struct {
	Attribute string
	Op        string // "in" or "endsWith"
	Values    []string
	Variation int
}

// Flag is the server-side definition of a single feature flag.
type Flag struct {
	Key          string
	Version      int
	On           bool
	Variations   []string
	OffVariation int
	Targets      map[string]int // user key -> variation index
	Rules        []Rule
	Fallthrough  int
}

// evaluate returns the index of the variation served to u.
func (f *Flag) evaluate(u User) int {
	if !f.On {
		return f.OffVariation
	}
	if v, ok := f.Targets[u.Key]; ok {
		return v
	}
	for _, r := range f.Rules {
		if r.matches(u) {
			return r.Variation
		}
	}
	return f.Fallthrough
}

func (r Rule) matches(u User) bool {
	got, ok := u.Attributes[r.Attribute]
	if r.Attribute == "key" {
		got, ok = u.Key, true
	}
	if !ok {
		return false
	}
	for _, want := range r.Values {
		switch r.Op {
		case "in":
			if got == want {
				return true
			}
		case "endsWith":
			if strings.HasSuffix(got, want) {
				return true
			}
		}
	}
	return false
}
