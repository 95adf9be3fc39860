package carpool

import (
	"math"
	"time"
)

// LatLng is a WGS84 coordinate in degrees.
type LatLng struct {
	Lat float64
	Lng float64
}

const earthRadiusKm = 6371.0

// DistanceKm returns the great-circle distance between a and b.
func DistanceKm(a, b LatLng) float64 {
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat := rad(b.Lat - a.Lat)
	dLng := rad(b.Lng - a.Lng)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(h))
}

// ZoneInfo is the pooling policy of one service zone.
type ZoneInfo struct {
	ID          string
	BatchWindow time.Duration
	MaxDetourKm float64
}

// Request is a rider asking for a seat.
type Request struct {
	RiderID  string
	Zone     string
	Pickup   LatLng
	Dropoff  LatLng
	Seats    int
	DepartBy time.Time
}

// Driver is a driver offering seats on a trip.
type Driver struct {
	ID          string
	Position    LatLng
	Destination LatLng
	FreeSeats   int
}

// Offer proposes a group of riders to one driver.
type Offer struct {
	ID       string
	DriverID string
	Zone     string
	RiderIDs []string
	DetourKm float64
}
