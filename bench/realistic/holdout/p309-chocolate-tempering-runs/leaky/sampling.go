package tempering

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

var (
	// ErrProbeFault is returned when a probe cannot be read or reports an implausible value.
	ErrProbeFault = errors.New("tempering: probe fault")
	// ErrProbeSpread is returned when the probes disagree by more than the allowed spread.
	ErrProbeSpread = errors.New("tempering: probe spread too wide")
)

const (
	minPlausibleC = -10.0
	maxPlausibleC = 110.0
)

// Snapshot is one simultaneous reading of all probes in the bowl.
type Snapshot struct {
	Mean     float64
	Min      float64
	Max      float64
	Readings map[string]float64
	Taken    time.Time
}

// Spread is the difference between the hottest and coolest probe.
func (s Snapshot) Spread() float64 { return s.Max - s.Min }

type probeReading struct {
	id      string
	celsius float64
	err     error
}

func (c *Controller) sample(ctx context.Context) (Snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, c.probeTimeout)
	defer cancel()

	results := make(chan probeReading)
	for _, p := range c.probes {
		go func(p Probe) {
			v, err := p.ReadCelsius(ctx)
			results <- probeReading{id: p.ID(), celsius: v, err: err} // leak: collector returned early on a probe error, nobody receives
		}(p)
	}

	snap := Snapshot{
		Min:      math.Inf(1),
		Max:      math.Inf(-1),
		Readings: make(map[string]float64, len(c.probes)),
	}
	var sum float64
	for range c.probes {
		r := <-results
		if r.err != nil {
			return Snapshot{}, fmt.Errorf("%w: %s: %v", ErrProbeFault, r.id, r.err)
		}
		if r.celsius < minPlausibleC || r.celsius > maxPlausibleC || math.IsNaN(r.celsius) {
			return Snapshot{}, fmt.Errorf("%w: %s reported %.1f°C", ErrProbeFault, r.id, r.celsius)
		}
		snap.Readings[r.id] = r.celsius
		sum += r.celsius
		snap.Min = math.Min(snap.Min, r.celsius)
		snap.Max = math.Max(snap.Max, r.celsius)
	}
	snap.Mean = sum / float64(len(c.probes))
	snap.Taken = c.now()

	if snap.Spread() > c.maxSpread {
		return snap, fmt.Errorf("%w: %.2f°C between probes", ErrProbeSpread, snap.Spread())
	}
	return snap, nil
}
