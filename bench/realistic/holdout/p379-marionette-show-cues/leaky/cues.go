package marionette

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Cue is one numbered instruction for one marionette.
type Cue struct {
	Number int
	Puppet string
	Verb   string // e.g. "enter", "bow", "walk"
	Detail string // free text for the operator, e.g. "stage left"
}

func (c Cue) String() string {
	if c.Detail == "" {
		return fmt.Sprintf("Q%d %s %s", c.Number, c.Puppet, c.Verb)
	}
	return fmt.Sprintf("Q%d %s %s %s", c.Number, c.Puppet, c.Verb, c.Detail)
}

// CueSheet is the ordered list of cues for a performance.
type CueSheet []Cue

// ParseCueSheet reads one cue per line in the form
//
//	<number> <puppet> <verb> [detail...]
//
// Blank lines and lines starting with '#' are ignored. Cue numbers must be
// positive and strictly increasing.
func ParseCueSheet(r io.Reader) (CueSheet, error) {
	var (
		sheet CueSheet
		last  int
		line  int
	)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) < 3 {
			return nil, fmt.Errorf("marionette: line %d: want <number> <puppet> <verb>", line)
		}
		n, err := strconv.Atoi(fields[0])
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("marionette: line %d: bad cue number %q", line, fields[0])
		}
		if n <= last {
			return nil, fmt.Errorf("marionette: line %d: cue %d does not follow cue %d", line, n, last)
		}
		last = n
		sheet = append(sheet, Cue{
			Number: n,
			Puppet: fields[1],
			Verb:   fields[2],
			Detail: strings.Join(fields[3:], " "),
		})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return sheet, nil
}

// ByPuppet groups the sheet's cues by puppet, keeping cue order.
func (s CueSheet) ByPuppet() map[string][]Cue {
	out := make(map[string][]Cue)
	for _, c := range s {
		out[c.Puppet] = append(out[c.Puppet], c)
	}
	return out
}

// Puppets returns the names of all puppets on the sheet, sorted.
func (s CueSheet) Puppets() []string {
	by := s.ByPuppet()
	out := make([]string, 0, len(by))
	for p := range by {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
