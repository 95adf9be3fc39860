// Package arrivals turns live vehicle positions into arrival predictions and
// keeps the countdown boards at bus and tram stops up to date.
package arrivals

import (
	"context"
	"errors"
	"time"
)

// Errors returned by the predictor.
var (
	ErrStalePosition   = errors.New("arrivals: stale vehicle position")
	ErrInvalidPosition = errors.New("arrivals: invalid vehicle position")
	ErrClosed          = errors.New("arrivals: closed")
)

// VehiclePosition is an AVL report from a vehicle, already map-matched to
// the next stop on its trip.
type VehiclePosition struct {
	VehicleID       string
	RouteID         string
	TripID          string
	NextStopID      string
	DistanceToStopM float64
	SpeedMPS        float64
	Timestamp       time.Time
}

// Prediction is the expected arrival of one vehicle at one stop.
type Prediction struct {
	StopID      string
	RouteID     string
	TripID      string
	VehicleID   string
	ArrivesAt   time.Time
	GeneratedAt time.Time
}

// Board is what a stop display shows: the upcoming arrivals, soonest first.
type Board struct {
	StopID    string
	Arrivals  []Prediction
	UpdatedAt time.Time
}

// Display is a countdown sign installed at a stop.
type Display interface {
	// ID identifies the physical sign; it survives reboots.
	ID() string
	// StopID is the stop the sign is installed at.
	StopID() string
	// Push sends a new board to the sign.
	Push(ctx context.Context, b Board) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
