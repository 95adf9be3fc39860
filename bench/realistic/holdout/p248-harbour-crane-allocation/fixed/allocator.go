package cranes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"sort"
	"time"
)

// Config tunes an Allocator.
type Config struct {
	// Workers is how many ship calls are planned concurrently; each one
	// queries the terminal operating system.
	Workers int
	// Margin is how far beyond bow and stern (metres) a crane may stand
	// and still reach the outer bays.
	Margin float64
	// Changeover is the gap kept between two vessels on the same crane
	// (boom up, gantry travel, lashing gangs).
	Changeover time.Duration
	// Strict makes Allocate fail on the first double-booked crane instead
	// of pushing the later vessel back.
	Strict bool
	Logger *log.Logger
}

// Allocator assigns quay cranes to ship calls.
type Allocator struct {
	cfg   Config
	fleet Fleet
}

// NewAllocator returns an Allocator backed by fleet.
func NewAllocator(fleet Fleet, cfg Config) (*Allocator, error) {
	if fleet == nil {
		return nil, errors.New("cranes: nil fleet")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Margin < 0 {
		return nil, fmt.Errorf("cranes: negative margin %.1f", cfg.Margin)
	}
	if cfg.Margin == 0 {
		cfg.Margin = 15
	}
	if cfg.Changeover == 0 {
		cfg.Changeover = 30 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Allocator{cfg: cfg, fleet: fleet}, nil
}

type result struct {
	asg Assignment
	err error
}

// Allocate plans crane assignments for the given ship calls.
func (a *Allocator) Allocate(ctx context.Context, calls []Vessel) (*Plan, error) {
	queue := append([]Vessel(nil), calls...)
	sort.SliceStable(queue, func(i, j int) bool { return queue[i].Arrival.Before(queue[j].Arrival) })

	g, gctx := newGroup(ctx)
	defer g.Cancel()

	jobs := make(chan Vessel)
	results := make(chan result)

	g.Go(func() error {
		defer close(jobs)
		for _, v := range queue {
			select {
			case jobs <- v:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	for i := 0; i < a.cfg.Workers; i++ {
		g.Go(func() error { return a.worker(gctx, jobs, results) })
	}

	plan := newPlan()
	for i := 0; i < len(queue); i++ {
		var r result
		select {
		case r = <-results:
		case <-gctx.Done():
			return nil, g.Wait()
		}
		if r.err != nil {
			a.cfg.Logger.Printf("cranes: %s waits at anchorage: %v", r.asg.Vessel.Name, r.err)
			plan.Unassigned = append(plan.Unassigned, r.asg.Vessel)
			continue
		}
		asg, err := a.fit(plan, r.asg)
		if err != nil {
			return nil, err
		}
		plan.add(asg)
		a.cfg.Logger.Printf("cranes: %s", asg)
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	plan.sort()
	return plan, nil
}

// fit resolves crane conflicts for a against what is already planned,
// either by failing (strict) or by starting the vessel later.
func (a *Allocator) fit(plan *Plan, asg Assignment) (Assignment, error) {
	for attempt := 0; attempt < 16; attempt++ {
		crane, b, clash := plan.conflict(asg)
		if !clash {
			return asg, nil
		}
		if a.cfg.Strict {
			return Assignment{}, fmt.Errorf("%w: %s needed by %s and %s", ErrConflict, crane, b.vessel, asg.Vessel.Name)
		}
		shift := b.end.Add(a.cfg.Changeover).Sub(asg.Start)
		asg.Start = asg.Start.Add(shift)
		asg.End = asg.End.Add(shift)
	}
	return Assignment{}, fmt.Errorf("%w: could not place %s", ErrConflict, asg.Vessel.Name)
}

func (a *Allocator) worker(ctx context.Context, jobs <-chan Vessel, results chan<- result) error {
	for v := range jobs {
		asg, err := a.planVessel(ctx, v)
		if err != nil && !errors.Is(err, ErrNoCrane) {
			return fmt.Errorf("plan %s (%s): %w", v.Name, v.IMO, err)
		}
		select {
		case results <- result{asg: asg, err: err}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// planVessel picks the cranes for one ship call and estimates how long
// the call will take.
func (a *Allocator) planVessel(ctx context.Context, v Vessel) (Assignment, error) {
	asg := Assignment{Vessel: v}
	if v.Moves <= 0 {
		return asg, fmt.Errorf("vessel %s has no moves", v.Name)
	}
	fleet, err := a.fleet.Cranes(ctx, v.Berth, v.Arrival)
	if err != nil {
		return asg, err
	}
	chosen := reach(fleet, v.Bow, v.Stern, a.cfg.Margin, v.MaxCranes)
	if len(chosen) == 0 {
		return asg, fmt.Errorf("%s at %s %.0f-%.0f m: %w", v.Name, v.Berth, v.Bow, v.Stern, ErrNoCrane)
	}
	rate := 0.0
	for _, c := range chosen {
		asg.Cranes = append(asg.Cranes, c.ID)
		rate += c.MovesPerHour
	}
	hours := float64(v.Moves) / rate
	asg.Start = v.Arrival
	asg.End = v.Arrival.Add(time.Duration(math.Ceil(hours*60)) * time.Minute)
	return asg, nil
}
