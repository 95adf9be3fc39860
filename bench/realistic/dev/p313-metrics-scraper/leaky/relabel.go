package scraper

import (
	"regexp"
	"strings"
)

// Reserved label names understood by the scraper. Labels starting with "__"
// are dropped from the final target labels after relabeling.
const (
	LabelAddress    = "__address__"
	LabelInterval   = "__scrape_interval__"
	LabelTimeout    = "__scrape_timeout__"
	LabelJob        = "job"
	LabelInstance   = "instance"
	LabelMetricName = "__name__"
)

// Action is the operation a RelabelConfig performs.
type Action string

// Supported relabel actions.
const (
	ActionReplace Action = "replace"
	ActionKeep    Action = "keep"
	ActionDrop    Action = "drop"
)

// RelabelConfig rewrites a label set, in the spirit of Prometheus
// relabel_configs. The values of SourceLabels are joined with ";" and
// matched against Regex (default: match everything).
type RelabelConfig struct {
	SourceLabels []string
	Regex        *regexp.Regexp
	TargetLabel  string
	Replacement  string
	Action       Action
}

var matchAll = regexp.MustCompile("(.*)")

// Relabel applies cfgs in order to a copy of labels. It returns nil if a
// keep or drop rule discarded the label set.
func Relabel(labels map[string]string, cfgs []RelabelConfig) map[string]string {
	out := make(map[string]string, len(labels))
	for k, v := range labels {
		out[k] = v
	}
	for _, c := range cfgs {
		vals := make([]string, len(c.SourceLabels))
		for i, name := range c.SourceLabels {
			vals[i] = out[name]
		}
		val := strings.Join(vals, ";")
		re := c.Regex
		if re == nil {
			re = matchAll
		}

		switch c.Action {
		case ActionKeep, ActionDrop:
			if re.MatchString(val) != (c.Action == ActionKeep) {
				return nil
			}
		case ActionReplace, "":
			idx := re.FindStringSubmatchIndex(val)
			if idx == nil {
				continue
			}
			res := string(re.ExpandString(nil, c.Replacement, val, idx))
			if res == "" {
				delete(out, c.TargetLabel)
			} else {
				out[c.TargetLabel] = res
			}
		}
	}
	return out
}
