package funicular

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Direction says which car climbs.
type Direction int

const (
	AUp Direction = iota // car A climbs, car B descends
	BUp
)

// Boarding is the state of both cars when the conductors request departure.
type Boarding struct {
	Dir          Direction
	LoadAKg      float64
	LoadBKg      float64
	DoorsClosedA bool
	DoorsClosedB bool
}

// Profile is the speed programme sent to the drive for one trip.
type Profile struct {
	Dir        Direction
	CruiseMPS  float64
	LoopMPS    float64
	CreepMPS   float64
	AccelMPS2  float64
	LengthM    float64
	LoopStartM float64
	LoopEndM   float64
	CreepM     float64
	ETA        time.Duration
}

var (
	ErrDoorsOpen = errors.New("funicular: doors not closed")
	ErrImbalance = errors.New("funicular: load imbalance beyond drive rating")
)

// plan derives the speed profile for a departure. The descending car's weight
// helps lift the climbing one, so only the excess load on the climbing car
// loads the motor; above DerateKg the cruise speed is reduced in proportion.
func plan(cfg Config, b Boarding) (Profile, error) {
	if !b.DoorsClosedA || !b.DoorsClosedB {
		return Profile{}, fmt.Errorf("%w: A=%v B=%v", ErrDoorsOpen, b.DoorsClosedA, b.DoorsClosedB)
	}
	up, down := b.LoadAKg, b.LoadBKg
	if b.Dir == BUp {
		up, down = down, up
	}
	excess := up - down
	if excess > cfg.MaxImbalanceKg {
		return Profile{}, fmt.Errorf("%w: climbing car %.0f kg heavier", ErrImbalance, excess)
	}
	cruise := cfg.CruiseMPS
	if excess > cfg.DerateKg {
		frac := (excess - cfg.DerateKg) / (cfg.MaxImbalanceKg - cfg.DerateKg)
		cruise = cfg.CruiseMPS * (1 - 0.5*frac)
	}
	p := Profile{
		Dir:        b.Dir,
		CruiseMPS:  cruise,
		LoopMPS:    math.Min(cfg.LoopMPS, cruise),
		CreepMPS:   cfg.CreepMPS,
		AccelMPS2:  cfg.AccelMPS2,
		LengthM:    cfg.LengthM,
		LoopStartM: cfg.LoopStartM,
		LoopEndM:   cfg.LoopEndM,
		CreepM:     cfg.CreepM,
	}
	p.ETA = p.estimate()
	return p, nil
}

func (p Profile) estimate() time.Duration {
	ramp := p.CruiseMPS / p.AccelMPS2
	rampM := 0.5 * p.AccelMPS2 * ramp * ramp
	loopM := p.LoopEndM - p.LoopStartM
	cruiseM := p.LengthM - loopM - p.CreepM - 2*rampM
	if cruiseM < 0 {
		cruiseM = 0
	}
	secs := 2*ramp + cruiseM/p.CruiseMPS + loopM/p.LoopMPS + p.CreepM/p.CreepMPS
	return time.Duration(secs * float64(time.Second)).Round(time.Second)
}
