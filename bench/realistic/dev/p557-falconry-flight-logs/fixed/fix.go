package flightlog

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrMalformed is wrapped by every parse error returned by ParseFix.
var ErrMalformed = errors.New("flightlog: malformed fix")

// Fix is a single GPS position reported by a backpack tracker.
type Fix struct {
	Tracker    string
	Time       time.Time
	Lat        float64
	Lon        float64
	AltM       float64
	Battery    int
	Satellites int
}

// ParseFix parses one line of the tracker CSV export:
//
//	tracker,timestamp,lat,lon,alt_m,battery_pct,satellites
func ParseFix(line string) (Fix, error) {
	parts := strings.Split(line, ",")
	if len(parts) != 7 {
		return Fix{}, fmt.Errorf("%w: want 7 fields, got %d", ErrMalformed, len(parts))
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}

	var f Fix
	f.Tracker = parts[0]
	if f.Tracker == "" {
		return Fix{}, fmt.Errorf("%w: empty tracker id", ErrMalformed)
	}
	ts, err := time.Parse(time.RFC3339, parts[1])
	if err != nil {
		return Fix{}, fmt.Errorf("%w: timestamp: %v", ErrMalformed, err)
	}
	f.Time = ts.UTC()

	floats := []*float64{&f.Lat, &f.Lon, &f.AltM}
	for i, dst := range floats {
		v, err := strconv.ParseFloat(parts[2+i], 64)
		if err != nil {
			return Fix{}, fmt.Errorf("%w: field %d: %v", ErrMalformed, 2+i, err)
		}
		*dst = v
	}
	if f.Lat < -90 || f.Lat > 90 || f.Lon < -180 || f.Lon > 180 {
		return Fix{}, fmt.Errorf("%w: position %.5f,%.5f out of range", ErrMalformed, f.Lat, f.Lon)
	}

	if f.Battery, err = strconv.Atoi(parts[5]); err != nil {
		return Fix{}, fmt.Errorf("%w: battery: %v", ErrMalformed, err)
	}
	if f.Satellites, err = strconv.Atoi(parts[6]); err != nil {
		return Fix{}, fmt.Errorf("%w: satellites: %v", ErrMalformed, err)
	}
	return f, nil
}

const earthRadiusM = 6371008.8

// distanceM returns the great-circle distance between two fixes in metres.
func distanceM(a, b Fix) float64 {
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat := rad(b.Lat - a.Lat)
	dLon := rad(b.Lon - a.Lon)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusM * math.Asin(math.Min(1, math.Sqrt(h)))
}
