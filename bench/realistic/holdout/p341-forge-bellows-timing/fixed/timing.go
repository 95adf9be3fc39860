package bellows

import (
	"errors"
	"fmt"
	"time"
)

// Stroke is a single compression of the bellows.
type Stroke struct {
	Seq      int
	Volume   float64 // litres of air delivered to the tuyere
	Duration time.Duration
}

// Profile describes how hard the bellows should work to bring the hearth
// to a working temperature.
type Profile struct {
	Name string

	// TargetC is the hearth temperature the smith wants to hold.
	TargetC float64
	// BandC is the proportional band: below TargetC-BandC the bellows run
	// at full volume, above TargetC they idle at MinVolume.
	BandC float64

	MinVolume float64
	MaxVolume float64

	// MinStroke and MaxStroke bound how long a single compression may take.
	MinStroke time.Duration
	MaxStroke time.Duration

	// RampStrokes is the number of strokes over which a cold start is
	// eased in, to avoid blowing sparks out of an unbanked fire.
	RampStrokes int
}

// Common profiles.
var (
	ProfileForgeWeld = Profile{
		Name:        "forge-weld",
		TargetC:     1300,
		BandC:       250,
		MinVolume:   2,
		MaxVolume:   18,
		MinStroke:   400 * time.Millisecond,
		MaxStroke:   1500 * time.Millisecond,
		RampStrokes: 8,
	}
	ProfileTempering = Profile{
		Name:        "tempering",
		TargetC:     600,
		BandC:       120,
		MinVolume:   0.5,
		MaxVolume:   6,
		MinStroke:   800 * time.Millisecond,
		MaxStroke:   2500 * time.Millisecond,
		RampStrokes: 3,
	}
)

// Validate reports whether the profile can be used by a Controller.
func (p Profile) Validate() error {
	switch {
	case p.TargetC <= 0:
		return errors.New("bellows: profile target temperature must be positive")
	case p.BandC <= 0:
		return errors.New("bellows: profile band must be positive")
	case p.MinVolume < 0 || p.MaxVolume <= p.MinVolume:
		return fmt.Errorf("bellows: invalid volume range [%.1f, %.1f]", p.MinVolume, p.MaxVolume)
	case p.MinStroke <= 0 || p.MaxStroke < p.MinStroke:
		return fmt.Errorf("bellows: invalid stroke range [%v, %v]", p.MinStroke, p.MaxStroke)
	case p.RampStrokes < 0:
		return errors.New("bellows: negative ramp")
	}
	return nil
}

// plan computes the next stroke from the current hearth temperature.
// A colder fire gets a larger, slower stroke; a fire at temperature gets a
// short puff that only keeps the coals alive.
func (p Profile) plan(seq int, hearthC float64) Stroke {
	deficit := p.TargetC - hearthC
	var frac float64
	switch {
	case deficit <= 0:
		frac = 0
	case deficit >= p.BandC:
		frac = 1
	default:
		frac = deficit / p.BandC
	}

	if p.RampStrokes > 0 && seq < p.RampStrokes {
		ramp := float64(seq+1) / float64(p.RampStrokes+1)
		if ramp < frac {
			frac = ramp
		}
	}

	vol := p.MinVolume + frac*(p.MaxVolume-p.MinVolume)
	span := p.MaxStroke - p.MinStroke
	dur := p.MinStroke + time.Duration(frac*float64(span))

	return Stroke{Seq: seq, Volume: vol, Duration: dur}
}
