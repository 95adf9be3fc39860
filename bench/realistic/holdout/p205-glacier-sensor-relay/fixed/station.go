package relay

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Kind identifies the quantity a glacier station measures.
type Kind string

// Quantities reported by the stations on the network.
const (
	KindAirTemp   Kind = "air_temp"
	KindIceTemp   Kind = "ice_temp"
	KindAblation  Kind = "ablation"
	KindMeltwater Kind = "meltwater_flow"
	KindBattery   Kind = "battery"
)

// Reading is one sample reported by a station.
type Reading struct {
	Station string
	Kind    Kind
	At      time.Time
	Value   float64
}

// Station describes a remote automatic weather station the relay polls.
type Station struct {
	ID        string
	Glacier   string
	Elevation int
}

// StationClient talks to a station through its radio or satellite modem.
// Fetch returns every reading recorded strictly after since.
type StationClient interface {
	Fetch(ctx context.Context, st Station, since time.Time) ([]Reading, error)
}

// Errors returned by StationClient implementations.
var (
	ErrUnauthorized   = errors.New("relay: station rejected credentials")
	ErrStationOffline = errors.New("relay: station offline")
)

// FetchError records which station a fetch failed for.
type FetchError struct {
	Station string
	Err     error
}

func (e *FetchError) Error() string {
	return fmt.Sprintf("fetch %s: %v", e.Station, e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }

type bounds struct{ min, max float64 }

var plausible = map[Kind]bounds{
	KindAirTemp:   {-60, 30},
	KindIceTemp:   {-40, 0.5},
	KindAblation:  {-0.5, 0.5},
	KindMeltwater: {0, 250},
	KindBattery:   {9.5, 15},
}

// validate rejects readings that a healthy sensor cannot produce.
func validate(r Reading, now time.Time) error {
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return fmt.Errorf("%s/%s: non-finite value", r.Station, r.Kind)
	}
	b, ok := plausible[r.Kind]
	if !ok {
		return fmt.Errorf("%s: unknown kind %q", r.Station, r.Kind)
	}
	if r.Value < b.min || r.Value > b.max {
		return fmt.Errorf("%s/%s: value %.2f outside [%.1f, %.1f]",
			r.Station, r.Kind, r.Value, b.min, b.max)
	}
	if r.At.After(now.Add(10 * time.Minute)) {
		return fmt.Errorf("%s/%s: timestamp %s is in the future",
			r.Station, r.Kind, r.At.Format(time.RFC3339))
	}
	return nil
}
