package retort

import (
	"errors"
	"math"
	"time"
)

// Reference values for low-acid canned foods (Clostridium botulinum).
const (
	ReferenceTempC = 121.1
	ZValueC        = 10.0
)

// TempSample is a cold-spot thermocouple reading.
type TempSample struct {
	At    time.Time
	TempC float64
}

// ErrShortProfile is returned when a profile has too few samples.
var ErrShortProfile = errors.New("retort: temperature profile needs at least two samples")

// LethalityF0 integrates the lethal rate over a cold-spot temperature profile
// using the trapezoidal rule and returns F0 in minutes.
func LethalityF0(profile []TempSample) (float64, error) {
	if len(profile) < 2 {
		return 0, ErrShortProfile
	}
	rate := func(t float64) float64 { return math.Pow(10, (t-ReferenceTempC)/ZValueC) }
	var f0 float64
	for i := 1; i < len(profile); i++ {
		dt := profile[i].At.Sub(profile[i-1].At).Minutes()
		if dt < 0 {
			return 0, errors.New("retort: profile samples out of order")
		}
		f0 += dt * (rate(profile[i-1].TempC) + rate(profile[i].TempC)) / 2
	}
	return f0, nil
}

// MinTemp returns the lowest temperature of the profile.
func MinTemp(profile []TempSample) float64 {
	min := math.Inf(1)
	for _, s := range profile {
		if s.TempC < min {
			min = s.TempC
		}
	}
	return min
}
