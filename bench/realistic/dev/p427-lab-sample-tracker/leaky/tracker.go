package labtrack

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config configures a Tracker.
type Config struct {
	Analyzers []Analyzer
	Store     ResultStore
	Escalator Escalator
	// Clock defaults to the wall clock.
	Clock Clock
	// QueueDepth is how many samples may wait at each analyzer.
	QueueDepth int
	// Turnaround is the target time from collection to result, by priority.
	// Priorities without an entry are never escalated.
	Turnaround map[Priority]time.Duration
}

// DefaultTurnaround is used when Config.Turnaround is nil.
var DefaultTurnaround = map[Priority]time.Duration{
	Stat:    time.Hour,
	Urgent:  4 * time.Hour,
	Routine: 24 * time.Hour,
}

// Tracker routes samples and follows them until they are resulted.
type Tracker struct {
	cfg    Config
	byTest map[string]Analyzer

	mu        sync.Mutex
	pending   map[string]Sample // received, not yet resulted
	escalated map[string]bool
}

// New returns a Tracker. Each test code must be served by exactly one
// analyzer.
func New(cfg Config) (*Tracker, error) {
	if cfg.Store == nil || cfg.Escalator == nil {
		return nil, errors.New("labtrack: Store and Escalator are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.QueueDepth <= 0 {
		cfg.QueueDepth = 16
	}
	if cfg.Turnaround == nil {
		cfg.Turnaround = DefaultTurnaround
	}
	t := &Tracker{
		cfg:       cfg,
		byTest:    make(map[string]Analyzer),
		pending:   make(map[string]Sample),
		escalated: make(map[string]bool),
	}
	for _, a := range cfg.Analyzers {
		for _, code := range a.Tests() {
			if other, dup := t.byTest[code]; dup {
				return nil, fmt.Errorf("labtrack: test %s served by both %s and %s", code, other.Name(), a.Name())
			}
			t.byTest[code] = a
		}
	}
	return t, nil
}

// route picks the analyzer for a sample.
func (t *Tracker) route(s Sample) (Analyzer, error) {
	a, ok := t.byTest[s.TestCode]
	if !ok {
		return nil, fmt.Errorf("sample %s: test %q: %w", s.ID, s.TestCode, ErrNoAnalyzer)
	}
	return a, nil
}

// receive records that a sample has arrived in the lab.
func (t *Tracker) receive(s Sample) {
	t.mu.Lock()
	t.pending[s.ID] = s
	t.mu.Unlock()
}

// process runs one sample on its analyzer, stores the result and escalates
// it if it came back late or critical.
func (t *Tracker) process(ctx context.Context, a Analyzer, s Sample) Outcome {
	res, err := a.Run(ctx, s)
	if err != nil {
		return Outcome{Sample: s, Err: fmt.Errorf("run %s on %s: %w", s.TestCode, a.Name(), err)}
	}
	if err := t.cfg.Store.SaveResult(ctx, res); err != nil {
		return Outcome{Sample: s, Err: fmt.Errorf("save result for %s: %w", s.ID, err)}
	}
	t.mu.Lock()
	delete(t.pending, s.ID)
	t.mu.Unlock()

	out := Outcome{Sample: s, Result: res}
	if res.Flag == "C" {
		out.Err = t.escalate(ctx, s, 0, "critical value "+res.Value+" "+res.Units)
	} else if late := t.overdue(s, res.ReportedAt); late > 0 {
		out.Err = t.escalate(ctx, s, late, "resulted after turnaround target")
	}
	return out
}

// overdue reports how far past its turnaround target a sample is at now.
func (t *Tracker) overdue(s Sample, now time.Time) time.Duration {
	target, ok := t.cfg.Turnaround[s.Priority]
	if !ok {
		return 0
	}
	if late := now.Sub(s.CollectedAt) - target; late > 0 {
		return late
	}
	return 0
}

func (t *Tracker) escalate(ctx context.Context, s Sample, late time.Duration, reason string) error {
	t.mu.Lock()
	key := s.ID + "/" + reason
	if t.escalated[key] {
		t.mu.Unlock()
		return nil
	}
	t.escalated[key] = true
	t.mu.Unlock()

	err := t.cfg.Escalator.Escalate(ctx, Escalation{
		SampleID: s.ID, TestCode: s.TestCode, Priority: s.Priority, Overdue: late, Reason: reason,
	})
	if err != nil {
		return fmt.Errorf("escalate %s: %w", s.ID, err)
	}
	return nil
}

// EscalateOverdue escalates every pending sample that has passed its
// turnaround target without a result. It returns how many were escalated.
func (t *Tracker) EscalateOverdue(ctx context.Context) (int, error) {
	now := t.cfg.Clock.Now()
	var late []Sample
	t.mu.Lock()
	for _, s := range t.pending {
		if t.overdue(s, now) > 0 {
			late = append(late, s)
		}
	}
	t.mu.Unlock()

	n := 0
	for _, s := range late {
		if err := t.escalate(ctx, s, t.overdue(s, now), "no result"); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
