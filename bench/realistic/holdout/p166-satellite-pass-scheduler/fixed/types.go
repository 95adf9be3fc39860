// Package groundstation plans satellite passes over a ground station, books
// antennas for the best passes and archives the telemetry downlinked during
// each pass.
package groundstation

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNoAntenna is returned when no antenna can track a pass.
var ErrNoAntenna = errors.New("no antenna available")

// Satellite identifies a spacecraft by its NORAD catalogue number.
type Satellite struct {
	NoradID  int
	Name     string
	Priority int // higher is more important
}

// Pass is a predicted visibility window of a satellite over the station.
type Pass struct {
	Satellite    Satellite
	AOS          time.Time // acquisition of signal
	LOS          time.Time // loss of signal
	MaxElevation float64   // degrees
}

// Antenna is a steerable dish at the station.
type Antenna struct {
	ID           string
	MinElevation float64 // mechanical or horizon mask limit, degrees
}

// Booking reserves an antenna for a pass.
type Booking struct {
	ID      string
	Antenna string
	Pass    Pass
}

// PassReport summarises the telemetry received during a pass.
type PassReport struct {
	Booking       Booking
	ArchiveKey    string
	Frames        int
	CorruptFrames int
	Bytes         int64
}

// Predictor computes passes from orbital elements.
type Predictor interface {
	Passes(ctx context.Context, sat Satellite, from, to time.Time) ([]Pass, error)
}

// Reservations books antenna time in the station's shared calendar.
type Reservations interface {
	Reserve(ctx context.Context, antenna string, p Pass) (Booking, error)
	Release(ctx context.Context, bookingID string) error
}

// Radio opens the demodulated downlink of a booked pass. The stream carries
// sync-marked transfer frames until loss of signal.
type Radio interface {
	Open(ctx context.Context, b Booking) (io.ReadCloser, error)
}

// Archive stores the telemetry of a pass under key, reading r until EOF.
type Archive interface {
	Put(ctx context.Context, key string, r io.Reader) error
}

// Clock abstracts time so that passes can be simulated.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
