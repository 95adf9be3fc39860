// Package dispatch matches ride requests to drivers. A trip is offered to
// nearby available drivers in waves of growing radius; the first driver to
// accept gets the trip and the remaining offers are withdrawn.
package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

var (
	// ErrNoDriver is returned when every wave finished without an accept.
	ErrNoDriver = errors.New("dispatch: no driver accepted the trip")
	// ErrInvalidTrip is returned for trips that cannot be dispatched.
	ErrInvalidTrip = errors.New("dispatch: invalid trip")
)

// LatLng is a WGS84 coordinate.
type LatLng struct {
	Lat, Lng float64
}

// Trip is a rider's request waiting for a driver.
type Trip struct {
	ID       string
	RiderID  string
	Pickup   LatLng
	Dropoff  LatLng
	Product  string // e.g. "standard", "xl"
	Requeued int    // how many times the trip went back to dispatch
}

// Driver is a candidate returned by the locator.
type Driver struct {
	ID             string
	Location       LatLng
	DistanceMeters float64
	Available      bool
}

// Decision is a driver's answer to an offer.
type Decision int

// Possible answers to an offer.
const (
	Declined Decision = iota
	Accepted
)

// Assignment is the result of a successful dispatch.
type Assignment struct {
	TripID   string
	DriverID string
	Wave     int
	Offered  int
}

// DriverLocator finds drivers around a point, nearest first.
type DriverLocator interface {
	Nearby(ctx context.Context, at LatLng, radiusMeters float64, limit int) ([]Driver, error)
}

// OfferClient pushes a trip offer to a driver's app and blocks until the
// driver answers. Cancelling ctx withdraws the offer.
type OfferClient interface {
	Offer(ctx context.Context, driverID string, trip Trip) (Decision, error)
}

// AssignmentStore records the winning driver for a trip.
type AssignmentStore interface {
	Assign(ctx context.Context, tripID, driverID string) error
}

// Clock abstracts timers so waves can be tested without waiting.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Wave describes one round of offers.
type Wave struct {
	RadiusMeters float64
	MaxDrivers   int
}

// Config tunes the matcher.
type Config struct {
	// Waves are tried in order; later waves normally use a larger radius.
	Waves []Wave
	// WaveTimeout is how long drivers in a wave have to answer.
	WaveTimeout time.Duration
	// Clock defaults to the wall clock.
	Clock Clock
	// Logger defaults to log.Default().
	Logger *log.Logger
}

// DefaultWaves is a reasonable urban configuration.
var DefaultWaves = []Wave{
	{RadiusMeters: 1500, MaxDrivers: 3},
	{RadiusMeters: 3000, MaxDrivers: 5},
	{RadiusMeters: 6000, MaxDrivers: 8},
}

// Matcher runs the dispatch loop for individual trips.
type Matcher struct {
	locator DriverLocator
	offers  OfferClient
	store   AssignmentStore
	cfg     Config
}

// NewMatcher builds a Matcher, filling in defaults for zero config fields.
func NewMatcher(locator DriverLocator, offers OfferClient, store AssignmentStore, cfg Config) *Matcher {
	if len(cfg.Waves) == 0 {
		cfg.Waves = DefaultWaves
	}
	if cfg.WaveTimeout <= 0 {
		cfg.WaveTimeout = 15 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Matcher{locator: locator, offers: offers, store: store, cfg: cfg}
}

// Dispatch offers trip to drivers wave by wave until one accepts. Drivers
// who were already offered the trip in an earlier wave are not asked again.
func (m *Matcher) Dispatch(ctx context.Context, trip Trip) (Assignment, error) {
	if trip.ID == "" {
		return Assignment{}, fmt.Errorf("%w: missing id", ErrInvalidTrip)
	}
	offered := make(map[string]bool)
	for i, w := range m.cfg.Waves {
		drivers, err := m.locator.Nearby(ctx, trip.Pickup, w.RadiusMeters, w.MaxDrivers)
		if err != nil {
			return Assignment{}, fmt.Errorf("dispatch: trip %s wave %d: locate drivers: %w", trip.ID, i+1, err)
		}
		driverID, err := m.runWave(ctx, trip, drivers, offered)
		if errors.Is(err, errWaveExhausted) {
			continue
		}
		if err != nil {
			return Assignment{}, fmt.Errorf("dispatch: trip %s wave %d: %w", trip.ID, i+1, err)
		}
		if err := m.store.Assign(ctx, trip.ID, driverID); err != nil {
			return Assignment{}, fmt.Errorf("dispatch: trip %s: record assignment to %s: %w", trip.ID, driverID, err)
		}
		return Assignment{TripID: trip.ID, DriverID: driverID, Wave: i + 1, Offered: len(offered)}, nil
	}
	return Assignment{}, fmt.Errorf("dispatch: trip %s after %d waves (%d drivers): %w",
		trip.ID, len(m.cfg.Waves), len(offered), ErrNoDriver)
}
