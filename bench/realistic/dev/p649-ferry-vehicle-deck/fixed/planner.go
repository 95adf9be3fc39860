package vehicledeck

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Logger is the subset of *log.Logger the planner uses.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config configures a Planner.
type Config struct {
	Layout DeckLayout
	Source BookingSource

	// PageSize is how many bookings are requested per page.
	PageSize int
	// GapM is the fore-and-aft spacing left between vehicles in a lane.
	GapM float64
	// PayloadMarginKg is held back from the vessel's payload limit for
	// crew vehicles and late changes.
	PayloadMarginKg int
	// Retries and RetryBackoff control retries of temporary booking
	// system errors.
	Retries      int
	RetryBackoff time.Duration

	Logger Logger
}

// Planner turns a sailing's vehicle manifest into a deck load plan.
type Planner struct {
	cfg Config
	log Logger
}

// NewPlanner validates cfg and fills in defaults.
func NewPlanner(cfg Config) (*Planner, error) {
	if cfg.Source == nil {
		return nil, errors.New("vehicledeck: config has no booking source")
	}
	if err := cfg.Layout.Validate(); err != nil {
		return nil, err
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 50
	}
	if cfg.GapM <= 0 {
		cfg.GapM = 0.3
	}
	if cfg.Retries < 0 {
		cfg.Retries = 0
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 200 * time.Millisecond
	}
	if cfg.PayloadMarginKg < 0 || cfg.PayloadMarginKg >= cfg.Layout.MaxPayloadKg {
		return nil, fmt.Errorf("vehicledeck: payload margin %d kg out of range", cfg.PayloadMarginKg)
	}
	lg := cfg.Logger
	if lg == nil {
		lg = log.Default()
	}
	return &Planner{cfg: cfg, log: lg}, nil
}

// PlanSailing reads the manifest of a sailing and assigns every vehicle a
// lane. Vehicles that do not fit, by space or by weight, are put on
// standby for the next departure. A malformed booking aborts the plan so
// that the check-in desk can correct it before loading starts.
func (p *Planner) PlanSailing(ctx context.Context, sailingID string) (*LoadPlan, error) {
	if sailingID == "" {
		return nil, errors.New("vehicledeck: empty sailing id")
	}
	layout := p.cfg.Layout
	lanes := make([]*laneState, len(layout.Lanes))
	for i, l := range layout.Lanes {
		lanes[i] = &laneState{lane: l}
	}
	limit := layout.MaxPayloadKg - p.cfg.PayloadMarginKg
	plan := &LoadPlan{SailingID: sailingID, Vessel: layout.Vessel}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	manifest := streamManifest(ctx, p.cfg.Source, sailingID, p.cfg.PageSize, p.cfg.Retries, p.cfg.RetryBackoff)
	for item := range manifest {
		if item.err != nil {
			return nil, fmt.Errorf("vehicledeck: reading manifest of %s: %w", sailingID, item.err)
		}
		v := item.vehicle
		if err := validateVehicle(v); err != nil {
			p.log.Printf("sailing %s: rejecting manifest: %v", sailingID, err)
			return nil, err
		}
		if plan.PayloadKg+v.WeightKg > limit {
			p.log.Printf("sailing %s: %s (%s, %d kg) to standby, payload %d/%d kg",
				sailingID, v.BookingRef, v.Class, v.WeightKg, plan.PayloadKg, limit)
			plan.Standby = append(plan.Standby, v)
			continue
		}
		ls := chooseLane(lanes, v, p.cfg.GapM)
		if ls == nil {
			plan.Standby = append(plan.Standby, v)
			continue
		}
		if ls.usedM > 0 {
			ls.usedM += p.cfg.GapM
		}
		plan.Placements = append(plan.Placements, Placement{Vehicle: v, LaneID: ls.lane.ID, OffsetM: ls.usedM})
		ls.usedM += v.LengthM
		plan.PayloadKg += v.WeightKg
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.log.Printf("sailing %s on %s: %d placed, %d standby, %d kg",
		sailingID, layout.Vessel, len(plan.Placements), len(plan.Standby), plan.PayloadKg)
	return plan, nil
}
