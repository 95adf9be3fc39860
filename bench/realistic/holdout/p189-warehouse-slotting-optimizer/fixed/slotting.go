// Package slotting decides where SKUs should live in a pick warehouse.
//
// The optimizer scores every bin location for every SKU, builds a handful of
// candidate re-slotting plans, evaluates them in parallel against a travel
// simulator and finally applies the moves of the best plan through a Mover.
package slotting

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Location is a single bin location in the warehouse.
type Location struct {
	ID       string
	Zone     string
	Aisle    int
	Level    int     // 0 is floor level, higher levels need a ladder or lift
	Capacity float64 // usable cube in cubic feet
	// PickCost is the relative travel/handling cost of picking from this
	// location; lower is better. Golden-zone locations near the pack
	// stations have the lowest cost.
	PickCost float64
}

// SKU is a stock keeping unit with its demand profile.
type SKU struct {
	ID       string
	Velocity float64 // picks per day, trailing 28 days
	Cube     float64 // cube of one replenishment, cubic feet
	Zone     string  // required zone (e.g. "cold"), empty means any
}

// Move relocates a SKU from one bin to another.
type Move struct {
	SKU  string
	From string
	To   string
	Gain float64 // estimated daily travel saving
}

// Inventory is the warehouse management system's view of the building.
type Inventory interface {
	Locations(ctx context.Context) ([]Location, error)
	SKUs(ctx context.Context) ([]SKU, error)
	// Assignments returns the current SKU -> location ID mapping.
	Assignments(ctx context.Context) (map[string]string, error)
}

// Simulator replays recent order history against a hypothetical layout.
type Simulator interface {
	Simulate(ctx context.Context, plan Plan) (SimResult, error)
}

// Mover schedules physical moves with the floor team.
type Mover interface {
	ApplyMove(ctx context.Context, m Move) error
}

// SimResult is the outcome of simulating one plan.
type SimResult struct {
	TravelMeters float64
	PicksPerHour float64
}

// Report summarises one optimization run.
type Report struct {
	Plan      Plan
	Result    SimResult
	Applied   int
	Evaluated int
	Duration  time.Duration
}

// ErrNoImprovement is returned when no candidate plan beats the current layout.
var ErrNoImprovement = errors.New("slotting: no plan improves on current layout")

// Config tunes an Optimizer.
type Config struct {
	// Workers is the number of simulations run concurrently.
	Workers int
	// Budgets are the move budgets to build candidate plans for.
	Budgets []int
	// DryRun evaluates plans but does not apply any move.
	DryRun bool
	// Now returns the current time; defaults to time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if len(c.Budgets) == 0 {
		c.Budgets = []int{10, 25, 50, 100}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Optimizer runs slotting optimizations.
type Optimizer struct {
	inv   Inventory
	sim   Simulator
	mover Mover
	cfg   Config
}

// New returns an Optimizer. The zero Config is valid.
func New(inv Inventory, sim Simulator, mover Mover, cfg Config) *Optimizer {
	cfg.setDefaults()
	return &Optimizer{inv: inv, sim: sim, mover: mover, cfg: cfg}
}

// Optimize loads the current layout, evaluates candidate plans and applies
// the best one. It returns ErrNoImprovement if the current layout is already
// the best known.
func (o *Optimizer) Optimize(ctx context.Context) (*Report, error) {
	start := o.cfg.Now()

	locs, err := o.inv.Locations(ctx)
	if err != nil {
		return nil, fmt.Errorf("load locations: %w", err)
	}
	skus, err := o.inv.SKUs(ctx)
	if err != nil {
		return nil, fmt.Errorf("load skus: %w", err)
	}
	current, err := o.inv.Assignments(ctx)
	if err != nil {
		return nil, fmt.Errorf("load assignments: %w", err)
	}

	plans := buildPlans(locs, skus, current, o.cfg.Budgets)
	if len(plans) == 0 {
		return nil, ErrNoImprovement
	}

	results, err := o.evaluate(ctx, plans)
	if err != nil {
		return nil, fmt.Errorf("evaluate %d plans: %w", len(plans), err)
	}

	best := -1
	for i, r := range results {
		if best < 0 || r.TravelMeters < results[best].TravelMeters {
			best = i
		}
	}
	rep := &Report{Plan: plans[best], Result: results[best], Evaluated: len(plans)}

	if !o.cfg.DryRun {
		n, err := o.apply(ctx, plans[best].Moves)
		rep.Applied = n
		if err != nil {
			return rep, fmt.Errorf("apply plan %s: %w", plans[best].Name, err)
		}
	}
	rep.Duration = o.cfg.Now().Sub(start)
	return rep, nil
}

// apply hands moves to the mover in order and stops at the first failure,
// returning how many moves were applied.
func (o *Optimizer) apply(ctx context.Context, moves []Move) (int, error) {
	for i, m := range moves {
		if err := ctx.Err(); err != nil {
			return i, err
		}
		if err := o.mover.ApplyMove(ctx, m); err != nil {
			return i, fmt.Errorf("move %s %s->%s: %w", m.SKU, m.From, m.To, err)
		}
	}
	return len(moves), nil
}
