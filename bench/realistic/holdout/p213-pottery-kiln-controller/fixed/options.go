package kiln

import (
	"errors"
	"io"
	"log"
	"time"
)

type config struct {
	sampleEvery      time.Duration
	maxReadFailures  int
	proportionalBand float64
	tolerance        float64
	shutdownTimeout  time.Duration
	logger           *log.Logger
}

func defaultConfig() config {
	return config{
		sampleEvery:      time.Second,
		maxReadFailures:  5,
		proportionalBand: 25,
		tolerance:        2,
		shutdownTimeout:  5 * time.Second,
		logger:           log.New(io.Discard, "", 0),
	}
}

func (c config) validate() error {
	switch {
	case c.sampleEvery <= 0:
		return errors.New("kiln: sample interval must be positive")
	case c.maxReadFailures < 1:
		return errors.New("kiln: max read failures must be at least 1")
	case c.proportionalBand <= 0:
		return errors.New("kiln: proportional band must be positive")
	case c.tolerance < 0:
		return errors.New("kiln: tolerance must not be negative")
	}
	return nil
}

// Option configures a Controller.
type Option func(*config)

// WithSampleInterval sets how often the thermocouple is read.
func WithSampleInterval(d time.Duration) Option {
	return func(c *config) { c.sampleEvery = d }
}

// WithMaxReadFailures sets how many consecutive failed reads are tolerated.
func WithMaxReadFailures(n int) Option {
	return func(c *config) { c.maxReadFailures = n }
}

// WithProportionalBand sets the band, in degrees, over which duty ramps 0..1.
func WithProportionalBand(deg float64) Option {
	return func(c *config) { c.proportionalBand = deg }
}

// WithTolerance sets how close to a target counts as reached.
func WithTolerance(deg float64) Option {
	return func(c *config) { c.tolerance = deg }
}

// WithLogger sets the logger. Nil keeps the silent default.
func WithLogger(l *log.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}
