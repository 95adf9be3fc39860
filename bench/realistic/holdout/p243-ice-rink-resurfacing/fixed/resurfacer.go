// Package resurface plans and drives an ice resurfacing pass: it surveys ice
// thickness across the rink, works out a shave and flood plan per zone, and
// runs the plan on the resurfacing machine.
package resurface

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrSurveyIncomplete means too few zones could be measured to resurface safely.
var ErrSurveyIncomplete = errors.New("resurface: survey incomplete")

// Config holds rink and machine settings.
type Config struct {
	Zones            []Zone
	ProbeTimeout     time.Duration
	MinZonesSurveyed int
	MinThicknessMM   float64
	DefaultShaveMM   float64
	MaxShaveMM       float64
	FloodLitresPerM2 float64
	MaxFloodTempC    float64
	Logger           Logger
}

func (c *Config) setDefaults() {
	if c.ProbeTimeout <= 0 {
		c.ProbeTimeout = 2 * time.Second
	}
	if c.MinZonesSurveyed <= 0 {
		c.MinZonesSurveyed = (len(c.Zones) + 1) / 2
	}
	if c.MinThicknessMM == 0 {
		c.MinThicknessMM = 25
	}
	if c.DefaultShaveMM == 0 {
		c.DefaultShaveMM = 0.8
	}
	if c.MaxShaveMM == 0 {
		c.MaxShaveMM = 3
	}
	if c.FloodLitresPerM2 == 0 {
		c.FloodLitresPerM2 = 0.9
	}
	if c.MaxFloodTempC == 0 {
		c.MaxFloodTempC = -2
	}
	if c.Logger == nil {
		c.Logger = discard{}
	}
}

type discard struct{}

func (discard) Printf(string, ...any) {}

// Resurfacer runs resurfacing passes for one rink.
type Resurfacer struct {
	gauge   Gauge
	machine Machine
	cfg     Config
	log     Logger
	now     func() time.Time
}

// New returns a Resurfacer for the given gauge and machine.
func New(g Gauge, m Machine, cfg Config) (*Resurfacer, error) {
	if g == nil || m == nil {
		return nil, errors.New("resurface: gauge and machine are required")
	}
	if len(cfg.Zones) == 0 {
		return nil, errors.New("resurface: no zones configured")
	}
	ids := make(map[string]struct{}, len(cfg.Zones))
	for _, z := range cfg.Zones {
		if _, dup := ids[z.ID]; dup {
			return nil, fmt.Errorf("resurface: duplicate zone %q", z.ID)
		}
		if z.AreaM2 <= 0 || z.TargetMM <= 0 {
			return nil, fmt.Errorf("resurface: zone %q needs an area and target thickness", z.ID)
		}
		ids[z.ID] = struct{}{}
	}
	cfg.setDefaults()
	if cfg.MinZonesSurveyed > len(cfg.Zones) {
		return nil, fmt.Errorf("resurface: MinZonesSurveyed %d exceeds %d zones", cfg.MinZonesSurveyed, len(cfg.Zones))
	}
	return &Resurfacer{gauge: g, machine: m, cfg: cfg, log: cfg.Logger, now: time.Now}, nil
}

// Resurface surveys the ice, plans the pass and runs it zone by zone.
func (r *Resurfacer) Resurface(ctx context.Context) (*Report, error) {
	rep := &Report{Started: r.now()}
	readings := r.survey(ctx)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("resurface: survey interrupted: %w", err)
	}
	if len(readings) < r.cfg.MinZonesSurveyed {
		return nil, fmt.Errorf("%w: %d of %d zones measured, need %d",
			ErrSurveyIncomplete, len(readings), len(r.cfg.Zones), r.cfg.MinZonesSurveyed)
	}

	for _, z := range r.cfg.Zones {
		rd, ok := readings[z.ID]
		st := r.plan(z, rd, ok)
		if err := r.apply(ctx, st); err != nil {
			if ctx.Err() != nil {
				return rep, fmt.Errorf("resurface: pass aborted at %s: %w", z.ID, err)
			}
			r.log.Printf("resurface: zone %s skipped: %v", z.ID, err)
			rep.Skipped = append(rep.Skipped, z.ID)
			continue
		}
		rep.Steps = append(rep.Steps, st)
	}
	rep.Finished = r.now()
	r.log.Printf("resurface: pass complete, %d zones treated, %d skipped", len(rep.Steps), len(rep.Skipped))
	return rep, nil
}

func (r *Resurfacer) apply(ctx context.Context, st Step) error {
	if st.ShaveMM > 0 {
		if err := r.machine.Shave(ctx, st.ZoneID, st.ShaveMM); err != nil {
			return fmt.Errorf("shave %.1fmm: %w", st.ShaveMM, err)
		}
	}
	if st.FloodL > 0 {
		if err := r.machine.Flood(ctx, st.ZoneID, st.FloodL); err != nil {
			return fmt.Errorf("flood %.0fL: %w", st.FloodL, err)
		}
	}
	return nil
}
