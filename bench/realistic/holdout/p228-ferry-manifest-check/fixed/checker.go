package manifest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	// ErrDenied is returned when at least one entry may not board.
	ErrDenied = errors.New("manifest: boarding denied")
	// ErrOverbooked is returned when vehicles exceed a deck's lane metres.
	ErrOverbooked = errors.New("manifest: deck overbooked")
	// ErrEmptyManifest is returned for a manifest without entries.
	ErrEmptyManifest = errors.New("manifest: no entries")
)

// Config tunes a Checker.
type Config struct {
	Inspectors       int
	CheckTimeout     time.Duration
	MaxGrossKg       float64
	DeckLaneMetres   map[string]float64
	PassengerSailing bool
	// FailFast stops the check at the first denial, which is what the
	// gate wants during boarding; port state audits check everything.
	FailFast bool
	Logger   *log.Logger
}

// Checker validates sailing manifests before the ramp goes up.
type Checker struct {
	cfg    Config
	ids    IDVerifier
	hazmat HazmatRegistry
	log    *log.Logger
}

// NewChecker returns a Checker using the given outside services.
func NewChecker(cfg Config, ids IDVerifier, hazmat HazmatRegistry) (*Checker, error) {
	if ids == nil || hazmat == nil {
		return nil, errors.New("manifest: id verifier and hazmat registry are required")
	}
	if cfg.Inspectors <= 0 {
		cfg.Inspectors = 4
	}
	if cfg.CheckTimeout <= 0 {
		cfg.CheckTimeout = 2 * time.Second
	}
	if cfg.MaxGrossKg <= 0 {
		cfg.MaxGrossKg = 44000
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Checker{cfg: cfg, ids: ids, hazmat: hazmat, log: cfg.Logger}, nil
}

// Check runs all rules over the manifest with a pool of inspectors and
// returns the report. The error is ErrDenied or ErrOverbooked when the
// sailing may not depart as booked.
func (c *Checker) Check(ctx context.Context, m Manifest) (*Report, error) {
	if len(m.Entries) == 0 {
		return nil, ErrEmptyManifest
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Entry)
	findings := make(chan Finding)
	var wg sync.WaitGroup
	for i := 0; i < c.cfg.Inspectors; i++ {
		wg.Add(1)
		go c.inspect(ctx, &wg, jobs, findings)
	}
	go func() {
		defer close(jobs)
		for _, e := range m.Entries {
			select {
			case jobs <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(findings)
	}()

	rep := newReport(m)
	for f := range findings {
		rep.add(f)
		if f.Severity == Deny && c.cfg.FailFast {
			c.log.Printf("manifest %s: stopping at %s", m.Sailing, f)
			return rep, fmt.Errorf("%w: %s", ErrDenied, f)
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	c.log.Printf("manifest %s", rep.Summary())
	if decks := rep.overbooked(c.cfg.DeckLaneMetres); len(decks) > 0 {
		return rep, fmt.Errorf("%w: %v", ErrOverbooked, decks)
	}
	if n := rep.Count(Deny); n > 0 {
		return rep, fmt.Errorf("%w: %d entries", ErrDenied, n)
	}
	return rep, nil
}

func (c *Checker) inspect(ctx context.Context, wg *sync.WaitGroup, jobs <-chan Entry, out chan<- Finding) {
	defer wg.Done()
	for e := range jobs {
		for _, f := range c.evaluate(ctx, e) {
			select {
			case out <- f:
			case <-ctx.Done():
				return
			}
		}
	}
}
