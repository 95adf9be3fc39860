package dispatch

import (
	"math"
	"sort"
)

// Location is a WGS84 coordinate in degrees.
type Location struct {
	Lat, Lng float64
}

// Driver is an online driver as seen by the index.
type Driver struct {
	ID       string
	Location Location
	Rating   float64 // 1.0 - 5.0
}

// Rider is the person requesting a ride.
type Rider struct {
	ID     string
	Pickup Location
}

const earthRadiusKm = 6371.0

// distanceKm returns the great-circle distance between a and b.
func distanceKm(a, b Location) float64 {
	toRad := func(deg float64) float64 { return deg * math.Pi / 180 }
	dLat := toRad(b.Lat - a.Lat)
	dLng := toRad(b.Lng - a.Lng)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(toRad(a.Lat))*math.Cos(toRad(b.Lat))*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// score ranks a driver for a pickup: lower is better. Every half star of
// rating below 5 costs the same as an extra 200m of approach.
func score(pickup Location, d Driver) float64 {
	rating := d.Rating
	if rating <= 0 {
		rating = 4.5 // new drivers get a neutral rating
	}
	return distanceKm(pickup, d.Location) + (5-rating)*0.4
}

// rankDrivers orders drivers best first, breaking ties by ID so offers are
// deterministic for equal candidates.
func rankDrivers(pickup Location, drivers []Driver) {
	sort.SliceStable(drivers, func(i, j int) bool {
		si, sj := score(pickup, drivers[i]), score(pickup, drivers[j])
		if si != sj {
			return si < sj
		}
		return drivers[i].ID < drivers[j].ID
	})
}
