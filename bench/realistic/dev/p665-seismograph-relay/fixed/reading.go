// Package seismo relays waveform readings from field seismograph stations
// to any number of downstream consumers (archivers, event detectors,
// uplinks to a regional processing centre).
package seismo

import (
	"errors"
	"fmt"
	"log"
	"time"
)

// Component identifies the sensor axis of a seismometer channel.
type Component byte

// Standard seismometer axes.
const (
	Vertical Component = 'Z'
	North    Component = 'N'
	East     Component = 'E'
)

func (c Component) String() string {
	switch c {
	case Vertical, North, East:
		return string(rune(c))
	default:
		return fmt.Sprintf("Component(%d)", byte(c))
	}
}

// Reading is one contiguous block of samples from a single station channel.
type Reading struct {
	Station   string
	Component Component
	Start     time.Time
	RateHz    float64
	Samples   []int32
}

// Duration returns the time span covered by the samples.
func (r Reading) Duration() time.Duration {
	if r.RateHz <= 0 {
		return 0
	}
	return time.Duration(float64(len(r.Samples)) / r.RateHz * float64(time.Second))
}

// End returns the time just after the last sample.
func (r Reading) End() time.Time { return r.Start.Add(r.Duration()) }

// PeakAmplitude returns the largest absolute sample value in counts.
func (r Reading) PeakAmplitude() int32 {
	var peak int32
	for _, s := range r.Samples {
		if s < 0 {
			s = -s
		}
		if s > peak {
			peak = s
		}
	}
	return peak
}

// Validation errors returned by Reading.Validate.
var (
	ErrNoStation = errors.New("seismo: reading has no station code")
	ErrBadRate   = errors.New("seismo: sample rate must be positive")
	ErrNoSamples = errors.New("seismo: reading has no samples")
)

// Validate reports whether the reading can be relayed.
func (r Reading) Validate() error {
	switch {
	case r.Station == "":
		return ErrNoStation
	case r.RateHz <= 0:
		return ErrBadRate
	case len(r.Samples) == 0:
		return ErrNoSamples
	}
	switch r.Component {
	case Vertical, North, East:
		return nil
	}
	return fmt.Errorf("seismo: station %s: unknown component %v", r.Station, r.Component)
}

// Sink receives readings forwarded out of the relay, for example an uplink
// to a processing centre. Implementations need not be safe for concurrent
// use; a Forwarder calls Send from a single goroutine.
type Sink interface {
	Send(Reading) error
}

// Filter selects the readings delivered to a subscription. A nil Filter
// accepts everything.
type Filter func(Reading) bool

// ByStation accepts readings from the named stations only.
func ByStation(names ...string) Filter {
	set := make(map[string]struct{}, len(names))
	for _, n := range names {
		set[n] = struct{}{}
	}
	return func(r Reading) bool {
		_, ok := set[r.Station]
		return ok
	}
}

// MinPeak accepts readings whose peak amplitude reaches threshold counts,
// which is how a simple trigger-based uplink avoids sending background noise.
func MinPeak(threshold int32) Filter {
	return func(r Reading) bool { return r.PeakAmplitude() >= threshold }
}

// Option configures a Relay.
type Option func(*config)

type config struct {
	bufferSize int
	logf       func(format string, args ...interface{})
}

func defaultConfig() config {
	return config{bufferSize: 64, logf: log.Printf}
}

// WithBuffer sets how many readings each subscription may queue before the
// relay starts dropping readings for it.
func WithBuffer(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.bufferSize = n
		}
	}
}

// WithLogger replaces the default logger.
func WithLogger(logf func(format string, args ...interface{})) Option {
	return func(c *config) {
		if logf != nil {
			c.logf = logf
		}
	}
}
