package scheduler

import (
	"math"
	"time"
)

const j2000 = 2451545.0

func julianDate(t time.Time) float64 {
	return float64(t.UTC().UnixNano())/float64(24*time.Hour) + 2440587.5
}

// localSiderealDeg returns the local mean sidereal time in degrees.
func localSiderealDeg(t time.Time, lon float64) float64 {
	d := julianDate(t) - j2000
	gmst := 280.46061837 + 360.98564736629*d
	return math.Mod(math.Mod(gmst+lon, 360)+360, 360)
}

// elevation returns the altitude of target above the horizon at site and t,
// in degrees.
func elevation(site Site, target Target, t time.Time) float64 {
	rad := math.Pi / 180
	ha := (localSiderealDeg(t, site.Lon) - target.RA) * rad
	lat, dec := site.Lat*rad, target.Dec*rad
	sinEl := math.Sin(lat)*math.Sin(dec) + math.Cos(lat)*math.Cos(dec)*math.Cos(ha)
	return math.Asin(math.Max(-1, math.Min(1, sinEl))) / rad
}

// visible reports whether target stays above minEl for the whole window,
// sampled every step.
func visible(site Site, target Target, from, to time.Time, minEl float64, step time.Duration) bool {
	for t := from; ; t = t.Add(step) {
		if t.After(to) {
			t = to
		}
		if elevation(site, target, t) < minEl {
			return false
		}
		if !t.Before(to) {
			return true
		}
	}
}
