// Package fermlog collects temperature and gravity readings from fermentation
// vessels, batches them per vessel and writes the batches to a time-series
// store for the brewhouse dashboard.
package fermlog

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors returned by the logger.
var (
	ErrClosed         = errors.New("fermlog: logger closed")
	ErrUnknownVessel  = errors.New("fermlog: unknown vessel")
	ErrImplausibleSG  = errors.New("fermlog: implausible specific gravity")
	ErrImplausibleTmp = errors.New("fermlog: implausible temperature")
)

// Reading is a single probe sample from a fermenter.
type Reading struct {
	Vessel  string    // e.g. "FV-3"
	At      time.Time // probe timestamp
	TempC   float64   // wort/beer temperature
	Gravity float64   // specific gravity, e.g. 1.048
}

func (r Reading) validate() error {
	if r.Vessel == "" {
		return fmt.Errorf("%w: empty vessel id", ErrUnknownVessel)
	}
	if r.Gravity < 0.980 || r.Gravity > 1.150 {
		return fmt.Errorf("%w: %s reported %.3f", ErrImplausibleSG, r.Vessel, r.Gravity)
	}
	if r.TempC < -5 || r.TempC > 45 {
		return fmt.Errorf("%w: %s reported %.1f°C", ErrImplausibleTmp, r.Vessel, r.TempC)
	}
	return nil
}

// Batch is a group of readings from one vessel, written in a single call.
type Batch struct {
	Vessel   string
	Readings []Reading
	Summary  Summary
}

// Summary holds derived values shown on the dashboard.
type Summary struct {
	From, To     time.Time
	MeanTempC    float64
	LastGravity  float64
	ApparentABV  float64
	Attenuation  float64
	GravityDelta float64
}

// Session describes one brew sitting in a vessel.
type Session struct {
	Vessel          string
	BrewID          string
	OriginalGravity float64
	Started         time.Time
}

// Store is the time-series backend.
type Store interface {
	WriteBatch(ctx context.Context, b Batch) error
	// EndSession records that logging for a vessel stopped, with the last
	// summary seen for it.
	EndSession(ctx context.Context, s Session, last Summary) error
}

func summarize(s Session, rs []Reading) Summary {
	if len(rs) == 0 {
		return Summary{}
	}
	var sum float64
	for _, r := range rs {
		sum += r.TempC
	}
	first, last := rs[0], rs[len(rs)-1]
	out := Summary{
		From:         first.At,
		To:           last.At,
		MeanTempC:    sum / float64(len(rs)),
		LastGravity:  last.Gravity,
		GravityDelta: first.Gravity - last.Gravity,
	}
	if s.OriginalGravity > 1 {
		out.ApparentABV = (s.OriginalGravity - last.Gravity) * 131.25
		out.Attenuation = (s.OriginalGravity - last.Gravity) / (s.OriginalGravity - 1) * 100
	}
	return out
}
