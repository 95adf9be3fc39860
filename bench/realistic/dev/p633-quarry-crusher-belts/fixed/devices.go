package belts

import (
	"context"
	"time"
)

// Sample is one reading from a belt scale integrator.
type Sample struct {
	Belt     string
	At       time.Time
	TPH      float64 // instantaneous load in tonnes per hour
	SpeedMPS float64 // belt speed from the tail pulley encoder
}

// Scale streams samples from the weigh idlers of a belt. Next blocks until the
// integrator publishes the next sample.
type Scale interface {
	Next(ctx context.Context, belt string) (Sample, error)
}

// Drive controls the belt motors through the plant PLC.
type Drive interface {
	Start(ctx context.Context, belt string) error
	Stop(ctx context.Context, belt string) error
	EmergencyStop(belt, reason string) error
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}

// Shift bounds a monitoring period in scale time.
type Shift struct {
	Start time.Time
	End   time.Time
}

type reading struct {
	sample Sample
	err    error
}

// readings pulls samples for one belt until the shift ends or ctx is done.
func (c *Controller) readings(ctx context.Context, belt string, shift Shift) <-chan reading {
	out := make(chan reading)
	go func() {
		defer close(out)
		for {
			s, err := c.scale.Next(ctx, belt)
			if ctx.Err() != nil {
				return
			}
			if err == nil && !s.At.Before(shift.End) {
				return
			}
			if err == nil && s.At.Before(shift.Start) {
				continue
			}
			select {
			case out <- reading{sample: s, err: err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
