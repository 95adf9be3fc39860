// Package topping automates the weekly topping of wine barrels: barrels lose
// wine through the staves while ageing and must be refilled to just below the
// bung so the wine is not exposed to air.
package topping

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

// Barrel is one cask in the barrel hall.
type Barrel struct {
	ID             string
	Row            string
	Varietal       string
	Vintage        int
	CapacityLitres float64
}

// LevelGauge reads how full a barrel is, as a percentage of its capacity,
// through the sensor mounted in the topping wand.
type LevelGauge interface {
	FillPercent(ctx context.Context, barrelID string) (float64, error)
}

// Valve controls the flow of topping wine into the barrel the wand is in.
type Valve interface {
	Open(ctx context.Context, barrelID string) error
	Close(ctx context.Context, barrelID string) error
}

// Journal is the cellar record kept for the winemaker and the tax office.
type Journal interface {
	Record(ctx context.Context, e Entry) error
}

// Entry is one topping recorded in the journal.
type Entry struct {
	BarrelID    string
	StockLot    string
	Litres      float64
	FillBefore  float64
	FillAfter   float64
	CompletedAt time.Time
}

var (
	// ErrStockLow is returned when the topping wine runs short.
	ErrStockLow = errors.New("topping: topping stock below minimum")
	// ErrTopTimeout is returned when a barrel does not reach its target in time.
	ErrTopTimeout = errors.New("topping: barrel did not reach target level")
	// ErrGaugeLost is returned when the level sensor stops answering.
	ErrGaugeLost = errors.New("topping: level gauge lost")
)

type config struct {
	targetPct      float64
	skipAbovePct   float64
	sampleEvery    time.Duration
	maxTopTime     time.Duration
	maxGaugeErrors int
	minStockLitres float64
	stockLot       string
	logger         *log.Logger
	now            func() time.Time
}

// Option configures a Topper.
type Option func(*config)

// WithTarget sets the fill percentage to top up to, and the percentage
// above which a barrel is left alone.
func WithTarget(targetPct, skipAbovePct float64) Option {
	return func(c *config) { c.targetPct, c.skipAbovePct = targetPct, skipAbovePct }
}

// WithSampleInterval sets how often the gauge is read while wine flows.
func WithSampleInterval(d time.Duration) Option {
	return func(c *config) { c.sampleEvery = d }
}

// WithMaxTopTime bounds how long the valve may stay open on one barrel.
func WithMaxTopTime(d time.Duration) Option {
	return func(c *config) { c.maxTopTime = d }
}

// WithStock declares the topping wine in use and the reserve to keep.
func WithStock(lot string, minLitres float64) Option {
	return func(c *config) { c.stockLot, c.minStockLitres = lot, minLitres }
}

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option {
	return func(c *config) { c.logger = l }
}

// Topper drives the topping wand from barrel to barrel.
type Topper struct {
	cfg     config
	gauge   LevelGauge
	valve   Valve
	journal Journal

	mu    sync.Mutex
	stock float64
}

// New returns a Topper working from stockLitres of topping wine.
func New(gauge LevelGauge, valve Valve, journal Journal, stockLitres float64, opts ...Option) (*Topper, error) {
	if gauge == nil || valve == nil || journal == nil {
		return nil, errors.New("topping: gauge, valve and journal are required")
	}
	cfg := config{
		targetPct:      98.5,
		skipAbovePct:   97.5,
		sampleEvery:    250 * time.Millisecond,
		maxTopTime:     90 * time.Second,
		maxGaugeErrors: 3,
		minStockLitres: 20,
		logger:         log.New(os.Stderr, "topping: ", log.LstdFlags),
		now:            time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.targetPct <= cfg.skipAbovePct || cfg.targetPct > 100 {
		return nil, fmt.Errorf("topping: target %.1f%% must be above skip level %.1f%% and at most 100%%",
			cfg.targetPct, cfg.skipAbovePct)
	}
	if cfg.sampleEvery <= 0 || cfg.maxTopTime <= 0 {
		return nil, errors.New("topping: intervals must be positive")
	}
	return &Topper{cfg: cfg, gauge: gauge, valve: valve, journal: journal, stock: stockLitres}, nil
}

// Stock returns the topping wine left, in litres.
func (t *Topper) Stock() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stock
}

func (t *Topper) draw(litres float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stock -= litres
}
