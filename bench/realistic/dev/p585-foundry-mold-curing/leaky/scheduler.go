package curing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config sets up a Scheduler.
type Config struct {
	// Crews is the number of loader crews moving molds in and out of the oven.
	Crews int
	// RackPositions is the number of rack positions in the oven.
	RackPositions int
	// BaseSoak is the soak time for a 10mm section.
	BaseSoak time.Duration
	Logger   *log.Logger
}

func (c *Config) setDefaults() {
	if c.Crews == 0 {
		c.Crews = 2
	}
	if c.RackPositions == 0 {
		c.RackPositions = 6
	}
	if c.BaseSoak == 0 {
		c.BaseSoak = 20 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

// Scheduler loads molds into the curing oven as rack space allows.
type Scheduler struct {
	cfg   Config
	oven  Oven
	racks *rackPool
}

// NewScheduler returns a Scheduler for one oven.
func NewScheduler(oven Oven, cfg Config) (*Scheduler, error) {
	if oven == nil {
		return nil, errors.New("curing: nil oven")
	}
	cfg.setDefaults()
	if cfg.Crews < 1 || cfg.RackPositions < 1 {
		return nil, fmt.Errorf("curing: need at least one crew and one rack position, got %d/%d",
			cfg.Crews, cfg.RackPositions)
	}
	return &Scheduler{cfg: cfg, oven: oven, racks: newRackPool(cfg.RackPositions)}, nil
}

// ShiftReport summarises what happened to the molds handed to RunShift.
type ShiftReport struct {
	Cured    []string
	Failed   map[string]error
	Rejected map[string]error
	// Carried are molds still waiting when the shift ended; they go on the
	// next shift's list.
	Carried  []string
	PeakRack int
}

type outcome struct {
	mold string
	err  error
}

// RunShift cures the given molds until all are done or ctx ends, whichever
// comes first.
func (s *Scheduler) RunShift(ctx context.Context, molds []Mold) (ShiftReport, error) {
	rep := ShiftReport{Failed: map[string]error{}, Rejected: map[string]error{}}

	jobs := make(chan Mold, len(molds))
	pending := make(map[string]bool, len(molds))
	for _, m := range molds {
		if err := m.Validate(); err != nil {
			rep.Rejected[m.ID] = err
			continue
		}
		if m.Flask.RackUnits() > s.cfg.RackPositions {
			rep.Rejected[m.ID] = fmt.Errorf("flask needs %d positions, oven has %d",
				m.Flask.RackUnits(), s.cfg.RackPositions)
			continue
		}
		if pending[m.ID] {
			rep.Rejected[m.ID] = errors.New("duplicate mold id on shift list")
			continue
		}
		pending[m.ID] = true
		jobs <- m
	}
	close(jobs)

	results := make(chan outcome, len(pending))
	var wg sync.WaitGroup
	for i := 0; i < s.cfg.Crews; i++ {
		wg.Add(1)
		go func(crew int) {
			defer wg.Done()
			for m := range jobs {
				results <- outcome{mold: m.ID, err: s.cure(ctx, crew, m)}
			}
		}(i + 1)
	}

	for len(pending) > 0 {
		select {
		case o := <-results:
			delete(pending, o.mold)
			if o.err != nil {
				rep.Failed[o.mold] = o.err
				continue
			}
			rep.Cured = append(rep.Cured, o.mold)
		case <-ctx.Done():
			for id := range pending {
				rep.Carried = append(rep.Carried, id)
			}
			s.cfg.Logger.Printf("shift ended with %d molds still waiting", len(rep.Carried))
			rep.PeakRack = s.racks.peakUsage()
			return rep, nil
		}
	}
	wg.Wait()
	rep.PeakRack = s.racks.peakUsage()
	return rep, nil
}

func (s *Scheduler) cure(ctx context.Context, crew int, m Mold) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	units := m.Flask.RackUnits()
	if err := s.racks.acquire(units); err != nil {
		return err
	}
	defer s.racks.release(units)

	p := ProfileFor(m, s.cfg.BaseSoak)
	s.cfg.Logger.Printf("crew %d: mold %s (%s, %d pos) in at %d°C for %s",
		crew, m.ID, m.Binder, units, p.SetpointC, p.Soak)
	start := time.Now()
	if err := s.oven.Cure(ctx, m, p); err != nil {
		return fmt.Errorf("cure mold %s: %w", m.ID, err)
	}
	s.cfg.Logger.Printf("crew %d: mold %s out after %s", crew, m.ID, time.Since(start).Round(time.Millisecond))
	return nil
}
