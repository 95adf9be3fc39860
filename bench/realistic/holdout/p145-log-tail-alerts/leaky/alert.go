// Package logalert tails log files, matches their lines against a set of
// rules and raises deduplicated alerts through a Notifier.
package logalert

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Severity ranks how urgently an alert must be looked at.
type Severity int

// Known severities, from least to most urgent.
const (
	Info Severity = iota
	Warning
	Critical
)

// Rule raises an alert for every line that matches Pattern.
type Rule struct {
	Name     string
	Pattern  *regexp.Regexp
	Severity Severity
}

// Alert is what a Notifier receives. Count is the number of matching lines
// folded into this alert since the previous notification for the same
// fingerprint.
type Alert struct {
	Rule     string
	Severity Severity
	File     string
	Line     string
	Count    int
	First    time.Time
	Last     time.Time
}

// Notifier delivers alerts to people or other systems (a pager, a chat
// channel, an incident tracker).
type Notifier interface {
	Notify(ctx context.Context, a Alert) error
}

// Clock abstracts time so that deduplication can be tested.
type Clock interface{ Now() time.Time }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

var volatile = regexp.MustCompile(`0x[0-9a-fA-F]+|[0-9]+`)

// fingerprint groups lines that differ only by numbers, ids or addresses, so
// that "disk 91% full" and "disk 92% full" count as the same problem.
func fingerprint(rule, file, line string) string {
	norm := volatile.ReplaceAllString(strings.TrimSpace(line), "#")
	if len(norm) > 256 {
		norm = norm[:256]
	}
	return rule + "\x00" + file + "\x00" + norm
}

type dedupEntry struct {
	notified   time.Time
	suppressed int
	first      time.Time
}

// deduper decides whether a match must be sent now or folded into the next
// notification for the same fingerprint.
type deduper struct {
	window time.Duration
	clock  Clock

	mu   sync.Mutex
	seen map[string]*dedupEntry
}

func newDeduper(window time.Duration, clock Clock) *deduper {
	return &deduper{window: window, clock: clock, seen: make(map[string]*dedupEntry)}
}

// admit reports whether an alert with key must be sent now and, if so, how
// many matches it stands for. A caller that fails to deliver must call
// reject so that the matches are not lost.
func (d *deduper) admit(key string) (count int, first, now time.Time, ok bool) {
	now = d.clock.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	e, found := d.seen[key]
	if !found {
		d.seen[key] = &dedupEntry{notified: now, first: now}
		return 1, now, now, true
	}
	if now.Sub(e.notified) < d.window {
		e.suppressed++
		return 0, time.Time{}, now, false
	}
	count, first = e.suppressed+1, e.first
	e.notified, e.first, e.suppressed = now, now, 0
	return count, first, now, true
}

// reject undoes a successful admit whose notification could not be
// delivered, so that the next match is sent right away.
func (d *deduper) reject(key string, count int, first time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.seen[key]; ok {
		e.notified = time.Time{}
		e.suppressed += count
		e.first = first
	}
}

// prune forgets fingerprints that have been quiet for longer than the window.
func (d *deduper) prune() {
	now := d.clock.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, e := range d.seen {
		if e.suppressed == 0 && now.Sub(e.notified) >= d.window {
			delete(d.seen, k)
		}
	}
}
