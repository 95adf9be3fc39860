// Package fusion combines readings from several redundant sensors measuring
// the same quantity into one estimate per time window, weighting every
// sensor by the inverse of its calibrated noise variance.
package fusion

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Reading is one raw sample reported by a sensor.
type Reading struct {
	Sensor string
	At     time.Time
	Value  float64
}

// Calibration maps a sensor's raw values onto the common scale:
// corrected = (raw - Offset) * Scale. Variance is the sensor's noise on
// that scale.
type Calibration struct {
	Offset   float64
	Scale    float64
	Variance float64
}

// Calibrations looks up the current calibration of a sensor, typically in a
// device registry.
type Calibrations interface {
	Lookup(ctx context.Context, sensor string) (Calibration, error)
}

// Estimate is the fused value for one window.
type Estimate struct {
	Start, End time.Time
	Value      float64
	Variance   float64
	Sensors    []string
	Partial    bool // not every configured sensor contributed
}

// Sink receives estimates, for example a time series database.
type Sink interface {
	Publish(ctx context.Context, e Estimate) error
}

// Config configures a Fuser.
type Config struct {
	Sensors      []string
	Calibrations Calibrations
	Sink         Sink

	// Window is the length of one estimate window. Defaults to 1s.
	Window time.Duration
	// Lateness is how far behind the newest reading a window is kept open
	// for stragglers. Defaults to Window.
	Lateness time.Duration
	// MinSensors is the number of sensors a window needs to produce an
	// estimate. Defaults to 1.
	MinSensors int
	// Workers is the number of windows fused and published concurrently.
	// Defaults to 2.
	Workers int
}

// Stats are counters about a run.
type Stats struct {
	Readings  int
	Late      int
	Unknown   int
	Published int
	Dropped   int
}

// Fuser aligns readings into windows and publishes fused estimates.
type Fuser struct {
	cfg   Config
	known map[string]bool

	mu    sync.Mutex
	stats Stats
}

// ErrNoCalibration is returned by Calibrations implementations for sensors
// they do not know.
var ErrNoCalibration = errors.New("fusion: no calibration for sensor")

// New validates cfg and returns a Fuser.
func New(cfg Config) (*Fuser, error) {
	if len(cfg.Sensors) == 0 {
		return nil, errors.New("fusion: no sensors configured")
	}
	if cfg.Calibrations == nil || cfg.Sink == nil {
		return nil, errors.New("fusion: calibrations and sink are required")
	}
	if cfg.Window <= 0 {
		cfg.Window = time.Second
	}
	if cfg.Lateness <= 0 {
		cfg.Lateness = cfg.Window
	}
	if cfg.MinSensors <= 0 {
		cfg.MinSensors = 1
	}
	if cfg.MinSensors > len(cfg.Sensors) {
		return nil, fmt.Errorf("fusion: MinSensors %d exceeds the %d configured sensors", cfg.MinSensors, len(cfg.Sensors))
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	known := make(map[string]bool, len(cfg.Sensors))
	for _, s := range cfg.Sensors {
		known[s] = true
	}
	return &Fuser{cfg: cfg, known: known}, nil
}

// Run consumes readings from in until it is closed or ctx is done, and
// publishes an estimate for every window that gathered enough sensors. It
// returns once every window has been published, or on the first error.
func (f *Fuser) Run(ctx context.Context, in <-chan Reading) error {
	windows := make(chan *window)
	errc := make(chan error, f.cfg.Workers)
	var wg sync.WaitGroup
	for i := 0; i < f.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errc <- f.publish(ctx, windows)
		}()
	}

	if err := f.align(ctx, in, windows); err != nil {
		return err
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}

// Stats returns a snapshot of the counters.
func (f *Fuser) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats
}

func (f *Fuser) count(fn func(*Stats)) {
	f.mu.Lock()
	fn(&f.stats)
	f.mu.Unlock()
}
