// Package tally aggregates precinct reports on election night. Reports are
// validated against the precinct register, amended reports replace earlier
// ones, and running totals are published to an object store that the
// public results site reads.
package tally

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrStaleReport is returned for a report whose Seq is not newer than the
// one already accepted for the same precinct.
var ErrStaleReport = errors.New("tally: stale report")

// Directory looks up precincts in the register.
type Directory interface {
	Precinct(ctx context.Context, id string) (Precinct, error)
}

// Clock tells the time and waits.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Config configures an Aggregator. Election, Directory and Store are
// required.
type Config struct {
	Election  string
	Directory Directory
	Store     BlobStore
	Clock     Clock

	// PublishAttempts is how many times a snapshot upload is tried before
	// Publish gives up. Defaults to 3.
	PublishAttempts int
	// RetryBackoff is the wait before the second attempt; it grows
	// linearly after that. Defaults to 500ms.
	RetryBackoff time.Duration
}

// Snapshot is the running tally at one point in the night.
type Snapshot struct {
	Election           string                    `json:"election"`
	Version            int64                     `json:"version"`
	GeneratedAt        time.Time                 `json:"generated_at"`
	PrecinctsReporting int                       `json:"precincts_reporting"`
	Ballots            int                       `json:"ballots"`
	Totals             map[string]map[string]int `json:"totals"`
}

// Aggregator accepts precinct reports and publishes running totals.
type Aggregator struct {
	cfg Config
	pub *publisher

	mu        sync.Mutex
	reports   map[string]PrecinctReport
	version   int64
	published int64
}

// New returns an Aggregator for cfg.
func New(cfg Config) (*Aggregator, error) {
	if cfg.Election == "" || cfg.Directory == nil || cfg.Store == nil {
		return nil, errors.New("tally: Election, Directory and Store are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.PublishAttempts <= 0 {
		cfg.PublishAttempts = 3
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 500 * time.Millisecond
	}
	return &Aggregator{
		cfg: cfg,
		pub: &publisher{
			store:    cfg.Store,
			clock:    cfg.Clock,
			attempts: cfg.PublishAttempts,
			backoff:  cfg.RetryBackoff,
		},
		reports: make(map[string]PrecinctReport),
	}, nil
}

// Submit validates r and, if it is newer than what the precinct sent
// before, makes it the precinct's current result.
func (a *Aggregator) Submit(ctx context.Context, r PrecinctReport) error {
	p, err := a.cfg.Directory.Precinct(ctx, r.PrecinctID)
	if err != nil {
		return fmt.Errorf("tally: look up precinct %s: %w", r.PrecinctID, err)
	}
	if err := validate(r, p); err != nil {
		return err
	}
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = a.cfg.Clock.Now()
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if prev, ok := a.reports[r.PrecinctID]; ok && prev.Seq >= r.Seq {
		return fmt.Errorf("%w: precinct %s sent seq %d, already have %d", ErrStaleReport, r.PrecinctID, r.Seq, prev.Seq)
	}
	a.reports[r.PrecinctID] = r
	a.version++
	return nil
}

// Snapshot computes the running totals from the current reports.
func (a *Aggregator) Snapshot() Snapshot {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := Snapshot{
		Election:           a.cfg.Election,
		Version:            a.version,
		GeneratedAt:        a.cfg.Clock.Now().UTC(),
		PrecinctsReporting: len(a.reports),
		Totals:             make(map[string]map[string]int),
	}
	for _, r := range a.reports {
		s.Ballots += r.Ballots
		for contest, votes := range r.Votes {
			t, ok := s.Totals[contest]
			if !ok {
				t = make(map[string]int)
				s.Totals[contest] = t
			}
			for cand, n := range votes {
				t[cand] += n
			}
		}
	}
	return s
}

// Publish uploads the current totals unless they have already been
// published. It reports whether anything was uploaded.
func (a *Aggregator) Publish(ctx context.Context) (bool, error) {
	snap := a.Snapshot()
	a.mu.Lock()
	current := snap.Version == a.published
	a.mu.Unlock()
	if current {
		return false, nil
	}
	if err := a.pub.publish(ctx, a.cfg.Election, snap); err != nil {
		return false, err
	}
	a.mu.Lock()
	if snap.Version > a.published {
		a.published = snap.Version
	}
	a.mu.Unlock()
	return true, nil
}
