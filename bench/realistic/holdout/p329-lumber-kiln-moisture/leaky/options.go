package kiln

import (
	"errors"
	"io"
	"log"
	"time"
)

// Logger is the subset of *log.Logger used by the controller.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	// ErrProbeShorted is returned by a probe whose pins read a short circuit,
	// which usually means free water bridging the electrodes or a damaged lead.
	ErrProbeShorted = errors.New("moisture probe shorted")
	// ErrTooFewProbes means not enough probes answered to trust the average.
	ErrTooFewProbes = errors.New("too few healthy moisture probes")
	// ErrNoProbes is returned by New when no probe is configured.
	ErrNoProbes = errors.New("kiln has no moisture probes")
)

// Config holds the tunables of a kiln charge controller.
type Config struct {
	// ProbeTimeout bounds a single probe read.
	ProbeTimeout time.Duration
	// MaxFailedProbes is how many probes may fail in one cycle before the
	// cycle is abandoned.
	MaxFailedProbes int
	// OutlierSpread is the distance, in MC percentage points, from the median
	// beyond which a reading is ignored when averaging.
	OutlierSpread float64
	// Schedule is the drying schedule for the charge.
	Schedule Schedule
}

// DefaultConfig returns settings suitable for a 4/4 hardwood charge.
func DefaultConfig() Config {
	return Config{
		ProbeTimeout:    2 * time.Second,
		MaxFailedProbes: 2,
		OutlierSpread:   8,
		Schedule:        HardwoodSchedule(),
	}
}

// Option customises a Controller.
type Option func(*Controller)

// WithConfig replaces the default configuration.
func WithConfig(cfg Config) Option {
	return func(c *Controller) { c.cfg = cfg }
}

// WithLogger sets the logger used for cycle and alarm messages.
func WithLogger(l Logger) Option {
	return func(c *Controller) {
		if l != nil {
			c.log = l
		}
	}
}

// WithClock overrides the time source, mainly for tests.
func WithClock(now func() time.Time) Option {
	return func(c *Controller) {
		if now != nil {
			c.now = now
		}
	}
}

func defaultLogger() Logger {
	return log.New(io.Discard, "", 0)
}
