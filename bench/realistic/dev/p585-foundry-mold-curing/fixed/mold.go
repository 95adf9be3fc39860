package curing

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Binder is the resin system a sand mold was made with.
type Binder int

const (
	BinderPhenolicUrethane Binder = iota + 1
	BinderFuranNoBake
	BinderSodiumSilicate
)

func (b Binder) String() string {
	switch b {
	case BinderPhenolicUrethane:
		return "phenolic-urethane"
	case BinderFuranNoBake:
		return "furan"
	case BinderSodiumSilicate:
		return "sodium-silicate"
	default:
		return fmt.Sprintf("binder(%d)", int(b))
	}
}

// FlaskSize is the nominal flask a mold was rammed in. It decides how many
// rack positions the mold takes in the curing oven.
type FlaskSize int

const (
	FlaskSmall FlaskSize = iota + 1
	FlaskMedium
	FlaskLarge
)

// RackUnits is the number of oven rack positions a flask occupies.
func (f FlaskSize) RackUnits() int {
	switch f {
	case FlaskSmall:
		return 1
	case FlaskMedium:
		return 2
	case FlaskLarge:
		return 3
	default:
		return 0
	}
}

// Mold is one sand mold waiting for its oven cure before pouring.
type Mold struct {
	ID        string
	Pattern   string
	Binder    Binder
	Flask     FlaskSize
	SectionMM float64
}

// Validate reports whether the mold can be scheduled at all.
func (m Mold) Validate() error {
	if m.ID == "" {
		return errors.New("mold has no id")
	}
	if m.Pattern == "" {
		return fmt.Errorf("mold %s: no pattern number", m.ID)
	}
	if m.Flask.RackUnits() == 0 {
		return fmt.Errorf("mold %s: unknown flask size %d", m.ID, m.Flask)
	}
	if m.SectionMM <= 0 {
		return fmt.Errorf("mold %s: section thickness must be positive", m.ID)
	}
	return nil
}

// Profile is the oven program for a mold.
type Profile struct {
	SetpointC int
	Soak      time.Duration
}

// ProfileFor derives the oven program from binder and section thickness.
// Soak times scale with the thickest section; base is the soak for a 10mm
// section, which lets tests and the plant simulator run on a shorter clock.
func ProfileFor(m Mold, base time.Duration) Profile {
	factor := m.SectionMM / 10
	if factor < 1 {
		factor = 1
	}
	p := Profile{Soak: time.Duration(float64(base) * factor)}
	switch m.Binder {
	case BinderPhenolicUrethane:
		p.SetpointC = 120
	case BinderFuranNoBake:
		p.SetpointC = 90
	case BinderSodiumSilicate:
		p.SetpointC = 150
		p.Soak += base / 2
	default:
		p.SetpointC = 100
	}
	return p
}

// Oven runs one cure program for one mold. Implementations talk to the oven
// PLC; Cure returns when the soak is complete or ctx is done.
type Oven interface {
	Cure(ctx context.Context, m Mold, p Profile) error
}
