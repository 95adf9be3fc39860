package caskaging

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Wood is the type of barrel a spirit is matured in.
type Wood int

const (
	AmericanOak Wood = iota
	EuropeanOak
	Sherry
	Port
)

func (w Wood) String() string {
	switch w {
	case AmericanOak:
		return "american-oak"
	case EuropeanOak:
		return "european-oak"
	case Sherry:
		return "sherry-butt"
	case Port:
		return "port-pipe"
	default:
		return fmt.Sprintf("wood(%d)", int(w))
	}
}

// Cask is a single barrel laid down in the warehouse.
type Cask struct {
	ID        string
	Spirit    string
	Wood      Wood
	Litres    float64
	FillABV   float64
	FilledAt  time.Time
	TargetAge time.Duration
}

// Validate reports whether the cask record is complete enough to be racked.
func (c Cask) Validate() error {
	var problems []string
	if strings.TrimSpace(c.ID) == "" {
		problems = append(problems, "missing id")
	}
	if c.Litres <= 0 || c.Litres > 700 {
		problems = append(problems, fmt.Sprintf("implausible volume %.1fl", c.Litres))
	}
	if c.FillABV < 40 || c.FillABV > 75 {
		problems = append(problems, fmt.Sprintf("fill strength %.1f%% out of range", c.FillABV))
	}
	if c.FilledAt.IsZero() {
		problems = append(problems, "missing fill date")
	}
	if c.TargetAge < 3*365*24*time.Hour {
		problems = append(problems, "target age below the legal minimum of three years")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w %q: %s", ErrInvalidCask, c.ID, strings.Join(problems, "; "))
	}
	return nil
}

// Age returns how long the cask has been maturing at now.
func (c Cask) Age(now time.Time) time.Duration {
	if now.Before(c.FilledAt) {
		return 0
	}
	return now.Sub(c.FilledAt)
}

// Mature reports whether the cask has reached its target age.
func (c Cask) Mature(now time.Time) bool {
	return c.Age(now) >= c.TargetAge
}

// Remaining estimates the volume left after the angels' share has evaporated.
func (c Cask) Remaining(now time.Time, annualLoss float64) float64 {
	years := c.Age(now).Hours() / (24 * 365)
	return c.Litres * math.Pow(1-annualLoss, years)
}

// BottlingRun describes one cask being emptied into bottles.
type BottlingRun struct {
	Cask    Cask
	Litres  float64
	Bottles int
	AgeYrs  int
	At      time.Time
}

// Label returns the age statement printed on the bottle.
func (r BottlingRun) Label() string {
	return fmt.Sprintf("%s %d year old, single cask %s (%s)", r.Cask.Spirit, r.AgeYrs, r.Cask.ID, r.Cask.Wood)
}

// Bottler is the bottling hall that empties casks.
type Bottler interface {
	Bottle(ctx context.Context, run BottlingRun) error
}

// Clock abstracts time so that ageing can be simulated.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

var (
	ErrClosed        = errors.New("caskaging: warehouse closed")
	ErrInvalidCask   = errors.New("caskaging: invalid cask")
	ErrDuplicateCask = errors.New("caskaging: cask already racked")
)
