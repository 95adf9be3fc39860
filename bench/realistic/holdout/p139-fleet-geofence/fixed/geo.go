package geofence

import "math"

// Point is a WGS84 coordinate in decimal degrees.
type Point struct {
	Lat, Lon float64
}

const earthRadiusM = 6371000.0

// DistanceM returns the great-circle distance between a and b in metres.
func DistanceM(a, b Point) float64 {
	rad := math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusM * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Region is an area on the map.
type Region interface {
	Contains(p Point) bool
}

// Circle is a region within RadiusM metres of Center.
type Circle struct {
	Center  Point
	RadiusM float64
}

// Contains implements Region.
func (c Circle) Contains(p Point) bool { return DistanceM(c.Center, p) <= c.RadiusM }

// Polygon is a simple (non self-intersecting) polygon. Vertices are given in
// order; the closing edge is implied. It is meant for depot- and city-sized
// areas where treating lat/lon as planar is accurate enough.
type Polygon []Point

// Contains implements Region using the even-odd ray casting rule.
func (poly Polygon) Contains(p Point) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) &&
			p.Lon < (b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
			in = !in
		}
	}
	return in
}

// Fence is a named region that dispatch wants to hear about.
type Fence struct {
	ID     string
	Region Region
}
