package telemetry

import "math"

const earthRadiusM = 6371000.0

// Fence is a circular geofence.
type Fence struct {
	Name     string
	Lat, Lon float64
	RadiusM  float64
}

// Contains reports whether the point lies inside the fence.
func (f Fence) Contains(lat, lon float64) bool {
	return distanceM(f.Lat, f.Lon, lat, lon) <= f.RadiusM
}

func matching(fences []Fence, lat, lon float64) []string {
	var names []string
	for _, f := range fences {
		if f.Contains(lat, lon) {
			names = append(names, f.Name)
		}
	}
	return names
}

// distanceM is the great-circle distance in metres (haversine formula).
func distanceM(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusM * math.Asin(math.Sqrt(a))
}
