// Package dispatch assigns delivery orders to couriers on bikes.
package dispatch

import (
	"context"
	"errors"
	"math"
	"time"
)

// Location is a WGS84 point.
type Location struct {
	Lat, Lng float64
}

// Bike is a courier currently signed in and idle.
type Bike struct {
	ID       string
	Courier  string
	Position Location
	Cargo    bool // fitted with a cargo box
	Battery  int  // percent, e-bikes only; 0 for analogue bikes
}

// Order is a pickup waiting for a courier.
type Order struct {
	ID     string
	Zone   string
	Pickup Location
	Bulky  bool
}

// Assignment is the result of a successful dispatch.
type Assignment struct {
	OrderID   string
	BikeID    string
	PickupETA time.Duration
	Quoted    int
}

// Fleet lists the idle bikes in a zone.
type Fleet interface {
	Idle(ctx context.Context, zone string) ([]Bike, error)
}

// Router estimates cycling time from a bike to a point.
type Router interface {
	ETA(ctx context.Context, from, to Location) (time.Duration, error)
}

// Offerer pushes the job to the courier's app and waits for an accept.
type Offerer interface {
	Offer(ctx context.Context, bikeID, orderID string) error
}

var (
	// ErrNoBike is returned when no idle bike can take the order.
	ErrNoBike = errors.New("dispatch: no suitable bike")
	// ErrDeclined is returned by an Offerer when the courier says no.
	ErrDeclined = errors.New("dispatch: offer declined")
)

const earthRadiusM = 6371000

// distance returns the great-circle distance in metres.
func distance(a, b Location) float64 {
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat := rad(b.Lat - a.Lat)
	dLng := rad(b.Lng - a.Lng)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadiusM * math.Asin(math.Sqrt(h))
}
