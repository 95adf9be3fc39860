// Package rivet schedules riveting crews over the shell bays of a hull.
package rivet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrNoGun is returned by a ToolCrib that has no gun for a rivet size.
var ErrNoGun = errors.New("rivet: no gun available for that size")

// Ledger records finished bays for the classification surveyor.
type Ledger interface {
	Record(ctx context.Context, hull string, r BayReport) error
}

// Config configures a Yard.
type Config struct {
	// Crews names the riveting gangs (heater, catcher, holder-up and
	// riveter) available on the slipway.
	Crews []string
	// Pitch is the rivet spacing in rivet diameters.
	Pitch float64
	// Batch is how many rivets a gun drives between tallies.
	Batch int
	// MaxRedrivePerBay is how many loose rivets a crew may redrive before
	// the bay is handed to the inspector.
	MaxRedrivePerBay int
	Logger           *log.Logger
}

// HullReport is the result of riveting a hull.
type HullReport struct {
	Hull     string
	Bays     []BayReport
	Driven   int
	Redriven int
	Took     time.Duration
}

// Yard runs riveting crews on one slipway.
type Yard struct {
	cfg    Config
	crib   ToolCrib
	ledger Ledger
	log    *log.Logger
	idle   chan string
}

// New returns a Yard drawing guns from crib and recording to ledger.
func New(crib ToolCrib, ledger Ledger, cfg Config) (*Yard, error) {
	if crib == nil || ledger == nil {
		return nil, errors.New("rivet: tool crib and ledger are required")
	}
	if len(cfg.Crews) == 0 {
		return nil, errors.New("rivet: no crews")
	}
	if cfg.Pitch == 0 {
		cfg.Pitch = 4
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 25
	}
	if cfg.MaxRedrivePerBay < 0 {
		return nil, fmt.Errorf("rivet: negative redrive allowance %d", cfg.MaxRedrivePerBay)
	}
	y := &Yard{cfg: cfg, crib: crib, ledger: ledger, log: cfg.Logger}
	if y.log == nil {
		y.log = log.New(io.Discard, "", 0)
	}
	y.idle = make(chan string, len(cfg.Crews))
	for _, c := range cfg.Crews {
		y.idle <- c
	}
	return y, nil
}

// RivetHull rivets every bay of h, running as many bays at once as there
// are idle crews. It stops at the first bay that fails.
func (y *Yard) RivetHull(ctx context.Context, h Hull) (HullReport, error) {
	start := time.Now()
	rep := HullReport{Hull: h.Number}
	bays, err := h.Bays(y.cfg.Pitch)
	if err != nil {
		return rep, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan BayReport, len(bays))
	var wg sync.WaitGroup
dispatch:
	for _, bay := range bays {
		select {
		case crew := <-y.idle:
			wg.Add(1)
			go y.runCrew(ctx, &wg, crew, bay, results)
		case <-ctx.Done():
			break dispatch
		}
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	for r := range results {
		if r.Err != nil {
			return rep, fmt.Errorf("rivet: hull %s: %w", h.Number, r.Err)
		}
		if err := y.ledger.Record(ctx, h.Number, r); err != nil {
			return rep, fmt.Errorf("rivet: hull %s: record bay %s: %w", h.Number, r.Bay, err)
		}
		rep.Bays = append(rep.Bays, r)
		rep.Driven += r.Driven
		rep.Redriven += r.Redriven
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	if len(rep.Bays) != len(bays) {
		return rep, fmt.Errorf("rivet: hull %s: %d of %d bays riveted", h.Number, len(rep.Bays), len(bays))
	}
	rep.Took = time.Since(start)
	return rep, nil
}
