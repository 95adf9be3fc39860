package frostwatch

import (
	"context"
	"fmt"
	"io"
	"log"
	"time"
)

// BudStage is the phenological stage of the trees in a block. Critical
// temperatures rise as buds open.
type BudStage int

const (
	StageSilverTip BudStage = iota + 1
	StageTightCluster
	StagePink
	StageFullBloom
	StagePetalFall
)

func (s BudStage) String() string {
	return [...]string{"unknown", "silver-tip", "tight-cluster", "pink", "full-bloom", "petal-fall"}[s.clamp()]
}

func (s BudStage) clamp() int {
	if s < StageSilverTip || s > StagePetalFall {
		return 0
	}
	return int(s)
}

// criticalTempC is the temperature (°C) at which roughly 10% of buds are
// killed for apple at each stage.
var criticalTempC = map[BudStage]float64{
	StageSilverTip:    -9.4,
	StageTightCluster: -5.0,
	StagePink:         -2.8,
	StageFullBloom:    -2.2,
	StagePetalFall:    -2.2,
}

// Block is one orchard block with its own canopy sensor.
type Block struct {
	ID    string
	Stage BudStage
}

// Reading is a canopy-height measurement sent by a block's sensor mast.
type Reading struct {
	Block   string
	TempC   float64
	DewPtC  float64
	TakenAt time.Time
}

// Alert is sent to the grower's on-call phone.
type Alert struct {
	Block   string
	Level   Level
	TempC   float64
	Message string
}

// Pager delivers alerts to whoever is on frost duty tonight.
type Pager interface {
	Page(ctx context.Context, a Alert) error
}

// Config holds the alarm thresholds and plumbing.
type Config struct {
	// WatchMarginC is how far above the critical temperature a Watch is raised.
	WatchMarginC float64
	// WarnMarginC is how far above the critical temperature a Warning is raised.
	WarnMarginC float64
	// HysteresisC must be regained above a threshold before the level drops.
	HysteresisC float64
	QueueSize   int
	PageTimeout time.Duration
	Logger      *log.Logger
	autoStart   bool
}

// Option adjusts the default Config.
type Option func(*Config)

func WithMargins(watch, warn float64) Option {
	return func(c *Config) { c.WatchMarginC, c.WarnMarginC = watch, warn }
}

func WithHysteresis(h float64) Option { return func(c *Config) { c.HysteresisC = h } }

func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

func WithPageTimeout(d time.Duration) Option { return func(c *Config) { c.PageTimeout = d } }

// WithAutoStart makes New start processing readings straight away, for
// deployments where the monitor is wired up by the sensor gateway.
func WithAutoStart() Option { return func(c *Config) { c.autoStart = true } }

func defaultConfig() Config {
	return Config{
		WatchMarginC: 3.0,
		WarnMarginC:  1.0,
		HysteresisC:  0.5,
		QueueSize:    64,
		PageTimeout:  5 * time.Second,
		Logger:       log.New(io.Discard, "", 0),
	}
}

func (c Config) validate() error {
	if c.WarnMarginC < 0 || c.WatchMarginC <= c.WarnMarginC {
		return fmt.Errorf("frostwatch: watch margin %.1f must exceed warning margin %.1f",
			c.WatchMarginC, c.WarnMarginC)
	}
	if c.HysteresisC < 0 {
		return fmt.Errorf("frostwatch: negative hysteresis %.1f", c.HysteresisC)
	}
	if c.QueueSize < 1 {
		return fmt.Errorf("frostwatch: queue size must be positive")
	}
	return nil
}
