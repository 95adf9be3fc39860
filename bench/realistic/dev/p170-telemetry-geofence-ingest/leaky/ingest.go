// Package telemetry ingests vehicle position reports and tags each one with
// the geofences (depots, customer sites, restricted zones) it falls inside.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Reading is one position report from a vehicle.
type Reading struct {
	VehicleID string
	Lat, Lon  float64
	At        time.Time
	Line      int
}

// Tagged is a reading together with the names of the fences containing it.
type Tagged struct {
	Reading
	Fences []string
}

// Sink receives every accepted reading, in input order.
type Sink func(ctx context.Context, t Tagged) error

// Stats summarises one ingest run.
type Stats struct {
	Accepted int
	PerFence map[string]int
}

// ErrBadCoordinate is returned for readings outside the valid lat/lon range.
var ErrBadCoordinate = errors.New("coordinate out of range")

// ErrClockSkew is returned for readings stamped too far in the future.
var ErrClockSkew = errors.New("timestamp in the future")

// MaxSkew is how far ahead of the ingester's clock a device may be.
const MaxSkew = 5 * time.Minute

// Ingest reads CSV position reports ("vehicle,lat,lon,unix_millis", one per
// line) from r, tags them against fences and hands them to sink. It stops at
// the first invalid reading so a misbehaving device can be quarantined.
func Ingest(ctx context.Context, r io.Reader, fences []Fence, sink Sink) (Stats, error) {
	st := Stats{PerFence: make(map[string]int)}
	readings, errc := decode(ctx, r)
	now := time.Now()

	for rd := range readings {
		if err := validate(rd, now); err != nil {
			return st, fmt.Errorf("ingest: line %d (%s): %w", rd.Line, rd.VehicleID, err)
		}
		t := Tagged{Reading: rd, Fences: matching(fences, rd.Lat, rd.Lon)}
		if err := sink(ctx, t); err != nil {
			return st, fmt.Errorf("ingest: sink: %w", err)
		}
		st.Accepted++
		for _, name := range t.Fences {
			st.PerFence[name]++
		}
	}
	if err := <-errc; err != nil {
		return st, fmt.Errorf("ingest: %w", err)
	}
	return st, nil
}

func validate(rd Reading, now time.Time) error {
	if rd.Lat < -90 || rd.Lat > 90 || rd.Lon < -180 || rd.Lon > 180 {
		return fmt.Errorf("%.5f,%.5f: %w", rd.Lat, rd.Lon, ErrBadCoordinate)
	}
	if rd.At.After(now.Add(MaxSkew)) {
		return fmt.Errorf("%s: %w", rd.At.Format(time.RFC3339), ErrClockSkew)
	}
	return nil
}
