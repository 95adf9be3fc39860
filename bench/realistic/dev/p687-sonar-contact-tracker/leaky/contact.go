package sonar

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrInvalidDetection is returned for detections that fail validation.
var ErrInvalidDetection = errors.New("sonar: invalid detection")

// Detection is one bearing report from a passive array's beamformer.
type Detection struct {
	Array   string    // array that heard it, e.g. "bow" or "towed"
	Bearing float64   // degrees relative to the array's reference axis
	SNR     float64   // dB
	FreqHz  float64   // strongest narrowband line, 0 if broadband only
	At      time.Time // time of the beam's integration window end
}

func (d Detection) validate() error {
	switch {
	case d.Array == "":
		return fmt.Errorf("%w: no array", ErrInvalidDetection)
	case math.IsNaN(d.Bearing) || d.Bearing < -180 || d.Bearing >= 360:
		return fmt.Errorf("%w: bearing %v", ErrInvalidDetection, d.Bearing)
	case d.At.IsZero():
		return fmt.Errorf("%w: no timestamp", ErrInvalidDetection)
	}
	return nil
}

// ContactID identifies a tracked contact, in the order contacts were gained.
type ContactID int

// Contact is a tracked source of noise.
type Contact struct {
	ID          ContactID
	Bearing     float64 // degrees true
	BearingRate float64 // degrees per minute, positive clockwise
	SNR         float64 // of the latest detection
	FreqHz      float64
	Fixes       int
	FirstHeld   time.Time
	LastHeld    time.Time
}

func (c Contact) String() string {
	return fmt.Sprintf("S%d brg %05.1f rate %+.2f°/min snr %.1f dB", c.ID, c.Bearing, c.BearingRate, c.SNR)
}

// predict extrapolates the contact's bearing to t.
func (c *Contact) predict(t time.Time) float64 {
	mins := t.Sub(c.LastHeld).Minutes()
	return normBearing(c.Bearing + c.BearingRate*mins)
}

// update folds a new fix into the track. The bearing rate is smoothed so a
// single noisy beam does not swing it.
func (c *Contact) update(bearing float64, d Detection, alpha float64) {
	if mins := d.At.Sub(c.LastHeld).Minutes(); mins > 0 {
		rate := bearingDiff(bearing, c.Bearing) / mins
		if c.Fixes == 1 {
			c.BearingRate = rate
		} else {
			c.BearingRate = alpha*rate + (1-alpha)*c.BearingRate
		}
	}
	c.Bearing = bearing
	c.SNR = d.SNR
	if d.FreqHz > 0 {
		c.FreqHz = d.FreqHz
	}
	c.Fixes++
	c.LastHeld = d.At
}

// normBearing maps any angle onto [0, 360).
func normBearing(b float64) float64 {
	b = math.Mod(b, 360)
	if b < 0 {
		b += 360
	}
	return b
}

// bearingDiff returns a-b as the shortest signed angle, in (-180, 180].
func bearingDiff(a, b float64) float64 {
	d := math.Mod(a-b, 360)
	switch {
	case d > 180:
		d -= 360
	case d <= -180:
		d += 360
	}
	return d
}

// freqMatch reports whether two narrowband lines could come from the
// same machinery; unknown lines match anything.
func freqMatch(a, b, tolHz float64) bool {
	if a == 0 || b == 0 {
		return true
	}
	return math.Abs(a-b) <= tolHz
}
