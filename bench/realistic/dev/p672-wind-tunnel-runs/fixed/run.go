// Package windtunnel schedules test runs on a single wind tunnel. Only
// one run can use the test section at a time; runs submitted while the
// tunnel is busy wait their turn.
package windtunnel

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// RunSpec describes one run: a model at a fixed angle of attack swept
// through a list of airspeeds.
type RunSpec struct {
	ID          string
	Model       string
	AngleDeg    float64
	SpeedsMS    []float64
	SamplesEach int
}

func (s RunSpec) validate() error {
	if s.ID == "" {
		return errors.New("windtunnel: run has no ID")
	}
	if len(s.SpeedsMS) == 0 {
		return fmt.Errorf("windtunnel: run %s has no airspeeds", s.ID)
	}
	for _, v := range s.SpeedsMS {
		if v <= 0 || v > MaxAirspeed {
			return fmt.Errorf("windtunnel: run %s: airspeed %.1f m/s out of range", s.ID, v)
		}
	}
	return nil
}

// MaxAirspeed is the highest speed the tunnel fan can hold, in m/s.
const MaxAirspeed = 70.0

// Sample is one balance reading.
type Sample struct {
	LiftN float64
	DragN float64
}

// Rig is the instrumented test section: it calibrates the force balance
// for a model and takes samples at a commanded airspeed.
type Rig interface {
	Calibrate(ctx context.Context, model string, angleDeg float64) error
	Sample(ctx context.Context, airspeedMS float64) (Sample, error)
}

// Point is the averaged result at one airspeed.
type Point struct {
	AirspeedMS float64
	LiftN      float64
	DragN      float64
	// LiftToDrag is the ratio of mean lift to mean drag.
	LiftToDrag float64
	// DragSpread is the standard deviation of the drag samples.
	DragSpread float64
}

// Result is the outcome of a run.
type Result struct {
	RunID    string
	Points   []Point
	Started  time.Time
	Finished time.Time
	Err      error
}

// sweep takes spec.SamplesEach samples at every airspeed and averages them.
func sweep(ctx context.Context, rig Rig, spec RunSpec) ([]Point, error) {
	n := spec.SamplesEach
	if n < 1 {
		n = 1
	}
	points := make([]Point, 0, len(spec.SpeedsMS))
	for _, v := range spec.SpeedsMS {
		var lift, drag, dragSq float64
		for i := 0; i < n; i++ {
			s, err := rig.Sample(ctx, v)
			if err != nil {
				return points, fmt.Errorf("sample at %.1f m/s: %w", v, err)
			}
			lift += s.LiftN
			drag += s.DragN
			dragSq += s.DragN * s.DragN
		}
		p := Point{AirspeedMS: v, LiftN: lift / float64(n), DragN: drag / float64(n)}
		if p.DragN != 0 {
			p.LiftToDrag = p.LiftN / p.DragN
		}
		variance := dragSq/float64(n) - p.DragN*p.DragN
		if variance > 0 {
			p.DragSpread = math.Sqrt(variance)
		}
		points = append(points, p)
	}
	return points, nil
}
