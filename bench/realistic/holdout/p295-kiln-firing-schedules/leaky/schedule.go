// Package kiln runs firing schedules on a studio's electric kilns: it
// follows ramp/hold segments with a proportional controller driving the
// element relays from thermocouple readings.
package kiln

import (
	"errors"
	"fmt"
	"time"
)

// Segment ramps at RatePerHour (°C/h) to TargetC, then holds there.
type Segment struct {
	RatePerHour float64
	TargetC     float64
	Hold        time.Duration
}

// Schedule is a named list of segments, fired from room temperature.
type Schedule struct {
	Name     string
	StartC   float64
	Segments []Segment
}

// MaxTempC is the rating of the kilns handled by this package (cone 10).
const MaxTempC = 1305

// ErrBadSchedule reports an invalid firing schedule.
var ErrBadSchedule = errors.New("kiln: invalid schedule")

// Validate checks the schedule against the kiln's limits.
func (s Schedule) Validate() error {
	if len(s.Segments) == 0 {
		return fmt.Errorf("%w: %q has no segments", ErrBadSchedule, s.Name)
	}
	for i, seg := range s.Segments {
		if seg.RatePerHour <= 0 {
			return fmt.Errorf("%w: segment %d: rate must be positive", ErrBadSchedule, i+1)
		}
		if seg.TargetC > MaxTempC {
			return fmt.Errorf("%w: segment %d: %.0f°C exceeds kiln rating", ErrBadSchedule, i+1, seg.TargetC)
		}
		if seg.Hold < 0 {
			return fmt.Errorf("%w: segment %d: negative hold", ErrBadSchedule, i+1)
		}
	}
	return nil
}

// Duration is the nominal length of the firing.
func (s Schedule) Duration() time.Duration {
	var d time.Duration
	from := s.StartC
	for _, seg := range s.Segments {
		d += rampTime(from, seg)
		d += seg.Hold
		from = seg.TargetC
	}
	return d
}

func rampTime(from float64, seg Segment) time.Duration {
	delta := seg.TargetC - from
	if delta < 0 {
		delta = -delta
	}
	return time.Duration(delta / seg.RatePerHour * float64(time.Hour))
}

// setpoint returns the programmed temperature after elapsed, the index of
// the active segment and whether the schedule is finished.
func (s Schedule) setpoint(elapsed time.Duration) (float64, int, bool) {
	from := s.StartC
	for i, seg := range s.Segments {
		ramp := rampTime(from, seg)
		if elapsed < ramp {
			frac := float64(elapsed) / float64(ramp)
			return from + (seg.TargetC-from)*frac, i, false
		}
		elapsed -= ramp
		if elapsed < seg.Hold {
			return seg.TargetC, i, false
		}
		elapsed -= seg.Hold
		from = seg.TargetC
	}
	return from, len(s.Segments) - 1, true
}
