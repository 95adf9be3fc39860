// Package dyehouse drives the acid-fixation stage of drum and vat dyeing in a
// tannery: it watches pH, liquor temperature and dye exhaustion and doses
// formic acid until the dye is fixed on the hides.
package dyehouse

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Reading is one sample from a vat's liquor probe.
type Reading struct {
	Vat        string
	At         time.Time
	PH         float64
	TempC      float64
	Exhaustion float64 // fraction of dye taken up by the hides, 0..1
}

// Probe samples a vat's liquor. Implementations usually talk Modbus to the
// probe head.
type Probe interface {
	Sample(vat string) (Reading, error)
}

// Doser drives the acid dosing pump of a vat.
type Doser interface {
	AddAcid(ctx context.Context, vat string, litres float64) error
}

// Logger is the subset of *log.Logger used by the controller.
type Logger interface {
	Printf(format string, args ...any)
}

// Config holds the controller settings.
type Config struct {
	PollInterval time.Duration
	ReadRetries  int
	RetryBackoff time.Duration
	DoseSettle   int // readings to wait after a dose before dosing again
	Logger       Logger
	Now          func() time.Time
}

// Option changes a Config.
type Option func(*Config)

// WithPollInterval sets how often the probe is sampled.
func WithPollInterval(d time.Duration) Option {
	return func(c *Config) { c.PollInterval = d }
}

// WithReadRetries sets how many times a failed sample is retried.
func WithReadRetries(n int, backoff time.Duration) Option {
	return func(c *Config) {
		c.ReadRetries = n
		c.RetryBackoff = backoff
	}
}

// WithDoseSettle sets the number of readings to wait after each dose.
func WithDoseSettle(n int) Option {
	return func(c *Config) { c.DoseSettle = n }
}

// WithLogger sets the logger.
func WithLogger(l Logger) Option {
	return func(c *Config) { c.Logger = l }
}

func defaultConfig() Config {
	return Config{
		PollInterval: 2 * time.Second,
		ReadRetries:  3,
		RetryBackoff: 250 * time.Millisecond,
		DoseSettle:   3,
		Logger:       log.Default(),
		Now:          time.Now,
	}
}

// Errors returned by the controller.
var (
	ErrVatBusy     = errors.New("dyehouse: vat already running a batch")
	ErrOverheat    = errors.New("dyehouse: liquor above shrinkage-safe temperature")
	ErrDoseLimit   = errors.New("dyehouse: acid dose limit reached before fixation")
	ErrProbeFailed = errors.New("dyehouse: probe failed")
	ErrDosing      = errors.New("dyehouse: dosing failed")
)

// Controller runs fixation batches on a set of vats.
type Controller struct {
	probe Probe
	doser Doser
	cfg   Config

	mu     sync.Mutex
	active map[string]string // vat -> batch ID
	stats  map[string]VatStats
}

// VatStats accumulates per-vat counters.
type VatStats struct {
	Batches  int
	Aborted  int
	AcidUsed float64
}

// NewController returns a controller for the given probe and doser.
func NewController(p Probe, d Doser, opts ...Option) (*Controller, error) {
	if p == nil || d == nil {
		return nil, errors.New("dyehouse: probe and doser are required")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.PollInterval <= 0 {
		return nil, fmt.Errorf("dyehouse: invalid poll interval %v", cfg.PollInterval)
	}
	if cfg.ReadRetries < 0 {
		cfg.ReadRetries = 0
	}
	return &Controller{
		probe:  p,
		doser:  d,
		cfg:    cfg,
		active: make(map[string]string),
		stats:  make(map[string]VatStats),
	}, nil
}

// Stats returns the counters for a vat.
func (c *Controller) Stats(vat string) VatStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats[vat]
}

func (c *Controller) claim(vat, batchID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur, ok := c.active[vat]; ok {
		return fmt.Errorf("%w: %s is running %s", ErrVatBusy, vat, cur)
	}
	c.active[vat] = batchID
	return nil
}

func (c *Controller) finish(vat string, acid float64, aborted bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.active, vat)
	st := c.stats[vat]
	st.Batches++
	st.AcidUsed += acid
	if aborted {
		st.Aborted++
	}
	c.stats[vat] = st
}
