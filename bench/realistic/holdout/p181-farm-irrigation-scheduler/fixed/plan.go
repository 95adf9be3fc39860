// Package irrigation plans watering cycles for farm irrigation zones from
// soil moisture readings and drives the zone valves to carry them out.
package irrigation

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// ErrStaleReading is returned (wrapped) when the most recent soil moisture
// reading for a zone is older than the scheduler's configured maximum age.
var ErrStaleReading = errors.New("irrigation: stale sensor reading")

// Zone is a block of the farm that is watered through a single valve.
type Zone struct {
	ID      string
	ValveID string

	// TargetMoisture is the volumetric water content (percent) the zone
	// should be brought up to.
	TargetMoisture float64
	// RootDepthMetres is the depth of the root zone that must be wetted.
	RootDepthMetres float64
	// AreaSquareMetres is the irrigated area of the zone.
	AreaSquareMetres float64
	// FlowLitresPerMinute is the delivery rate of the zone's emitters.
	FlowLitresPerMinute float64
	// MaxRun caps a single watering cycle. Zero means no cap.
	MaxRun time.Duration
}

// Reading is one soil moisture sample.
type Reading struct {
	ZoneID   string
	Moisture float64
	TakenAt  time.Time
}

// SensorStore gives access to soil moisture telemetry.
type SensorStore interface {
	// Latest returns the most recent reading for the zone.
	Latest(ctx context.Context, zoneID string) (Reading, error)
}

// ZonePlan is the watering decision for a single zone.
type ZonePlan struct {
	ZoneID   string
	ValveID  string
	Deficit  float64
	Litres   float64
	Duration time.Duration
}

// Plan is an ordered set of zones to water. Zones with the largest moisture
// deficit come first.
type Plan struct {
	CreatedAt time.Time
	Zones     []ZonePlan
	// Skipped maps zone IDs that were not scheduled to the reason why.
	Skipped map[string]string
}

// TotalLitres is the volume of water the plan expects to use.
func (p Plan) TotalLitres() float64 {
	var total float64
	for _, z := range p.Zones {
		total += z.Litres
	}
	return total
}

// Plan reads the latest moisture for every zone and decides which zones need
// water and for how long.
func (s *Scheduler) Plan(ctx context.Context, zones []Zone) (Plan, error) {
	now := s.clock.Now()
	plan := Plan{CreatedAt: now, Skipped: make(map[string]string)}

	for _, z := range zones {
		if z.FlowLitresPerMinute <= 0 {
			return Plan{}, fmt.Errorf("irrigation: zone %s: flow rate must be positive", z.ID)
		}
		r, err := s.sensors.Latest(ctx, z.ID)
		if err != nil {
			return Plan{}, fmt.Errorf("irrigation: reading zone %s: %w", z.ID, err)
		}
		if age := now.Sub(r.TakenAt); age > s.maxReadingAge {
			return Plan{}, fmt.Errorf("zone %s reading is %s old: %w", z.ID, age.Round(time.Minute), ErrStaleReading)
		}

		deficit := z.TargetMoisture - r.Moisture
		if deficit <= s.deadband {
			plan.Skipped[z.ID] = fmt.Sprintf("moisture %.1f%% within %.1f of target", r.Moisture, s.deadband)
			continue
		}

		// Water needed to raise the root zone by the deficit, in litres:
		// (percent/100) * depth(m) * area(m²) * 1000 L/m³.
		litres := deficit / 100 * z.RootDepthMetres * z.AreaSquareMetres * 1000
		run := time.Duration(litres / z.FlowLitresPerMinute * float64(time.Minute))
		if z.MaxRun > 0 && run > z.MaxRun {
			run = z.MaxRun
			litres = z.FlowLitresPerMinute * z.MaxRun.Minutes()
		}
		if run < s.minRun {
			plan.Skipped[z.ID] = fmt.Sprintf("run of %s below minimum %s", run.Round(time.Second), s.minRun)
			continue
		}

		plan.Zones = append(plan.Zones, ZonePlan{
			ZoneID:   z.ID,
			ValveID:  z.ValveID,
			Deficit:  deficit,
			Litres:   litres,
			Duration: run.Round(time.Second),
		})
	}

	sort.SliceStable(plan.Zones, func(i, j int) bool {
		return plan.Zones[i].Deficit > plan.Zones[j].Deficit
	})
	return plan, nil
}
