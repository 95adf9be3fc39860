package manifest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Severity grades a finding.
type Severity int

const (
	Cleared Severity = iota
	Warn
	Review
	Deny
)

func (s Severity) String() string {
	switch s {
	case Cleared:
		return "cleared"
	case Warn:
		return "warn"
	case Review:
		return "review"
	case Deny:
		return "deny"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// Finding is the outcome of one check on one manifest entry.
type Finding struct {
	Ref      string
	Kind     Kind
	Severity Severity
	Reason   string
	Deck     string
	LengthM  float64
}

func (f Finding) String() string {
	if f.Reason == "" {
		return fmt.Sprintf("%s %s: %s", f.Kind, f.Ref, f.Severity)
	}
	return fmt.Sprintf("%s %s: %s (%s)", f.Kind, f.Ref, f.Severity, f.Reason)
}

// Report gathers the findings of a manifest check for the loading master.
type Report struct {
	Sailing  string
	Departs  time.Time
	Findings []Finding
	laneUse  map[string]float64
	counted  map[string]bool
}

func newReport(m Manifest) *Report {
	return &Report{
		Sailing: m.Sailing,
		Departs: m.Departs,
		laneUse: make(map[string]float64),
		counted: make(map[string]bool),
	}
}

func (r *Report) add(f Finding) {
	r.Findings = append(r.Findings, f)
	if f.LengthM > 0 && f.Severity != Deny && !r.counted[f.Ref] {
		r.counted[f.Ref] = true
		r.laneUse[f.Deck] += f.LengthM
	}
}

// Count returns the number of findings with severity s.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// overbooked returns the decks whose lane metres exceed capacity.
func (r *Report) overbooked(capacity map[string]float64) []string {
	var decks []string
	for deck, used := range r.laneUse {
		if limit, ok := capacity[deck]; ok && used > limit {
			decks = append(decks, fmt.Sprintf("%s %.1f/%.1f m", deck, used, limit))
		}
	}
	sort.Strings(decks)
	return decks
}

// Summary renders a one-line summary for the bridge.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s:", r.Sailing, r.Departs.Format("15:04"))
	for s := Cleared; s <= Deny; s++ {
		fmt.Fprintf(&b, " %d %s", r.Count(s), s)
	}
	return b.String()
}
