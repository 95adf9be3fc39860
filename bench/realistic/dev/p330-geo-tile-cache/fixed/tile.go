package geocache

import "math"

// maxLat is the latitude limit of the web-mercator projection.
const maxLat = 85.05112878

// tileKey identifies a web-mercator (slippy map) tile.
type tileKey struct {
	z    int
	x, y uint32
}

// tileOf returns the tile containing pt at zoom z.
func tileOf(pt Point, z int) tileKey {
	n := math.Exp2(float64(z))
	latRad := pt.Lat * math.Pi / 180
	x := math.Floor((pt.Lon + 180) / 360 * n)
	y := math.Floor((1 - math.Log(math.Tan(latRad)+1/math.Cos(latRad))/math.Pi) / 2 * n)
	// Points on the east or south edge belong to the last tile.
	x = math.Min(math.Max(x, 0), n-1)
	y = math.Min(math.Max(y, 0), n-1)
	return tileKey{z: z, x: uint32(x), y: uint32(y)}
}

// center returns the location at the middle of the tile.
func (k tileKey) center() Point {
	n := math.Exp2(float64(k.z))
	lon := (float64(k.x)+0.5)/n*360 - 180
	latRad := math.Atan(math.Sinh(math.Pi * (1 - 2*(float64(k.y)+0.5)/n)))
	return Point{Lat: latRad * 180 / math.Pi, Lon: lon}
}
