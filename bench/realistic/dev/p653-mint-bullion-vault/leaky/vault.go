// Package vault audits bullion held in a mint's vault against the inventory
// ledger and the refiners' assay certificates.
package vault

import (
	"context"
	"errors"
	"io"
	"log"
	"time"
)

// Bar is a single bullion bar as recorded in the vault ledger.
type Bar struct {
	Serial string
	Shelf  string
	Metal  string // ISO 4217 metal code: XAU, XAG, XPT, XPD
	// Fineness in parts per thousand as entered at intake, e.g. 999.9.
	Fineness float64
	// RecordedGrams is the gross weight entered when the bar was received.
	RecordedGrams float64
}

// AssayCertificate is the refiner's statement for one bar.
type AssayCertificate struct {
	Serial   string
	Refiner  string
	Fineness float64
	Issued   time.Time
}

// Inventory lists the bars the ledger believes are on a shelf.
type Inventory interface {
	BarsOnShelf(ctx context.Context, shelf string) ([]Bar, error)
}

// Scale weighs a bar on the vault's certified balance.
type Scale interface {
	Weigh(ctx context.Context, serial string) (grams float64, err error)
}

// AssayRegistry resolves a bar serial to its assay certificate.
type AssayRegistry interface {
	Certificate(ctx context.Context, serial string) (AssayCertificate, error)
}

var (
	// ErrUnknownBar is returned by an AssayRegistry when a serial has no certificate.
	ErrUnknownBar = errors.New("vault: bar has no assay certificate")
	// ErrShelfEmpty is returned when the ledger has no bars for a shelf.
	ErrShelfEmpty = errors.New("vault: shelf has no bars on record")
	// ErrScaleFault wraps failures reported by the balance.
	ErrScaleFault = errors.New("vault: scale fault")
)

// Config holds the auditor's tolerances and plumbing.
type Config struct {
	// WeightToleranceGrams is the largest accepted absolute difference
	// between the recorded and the measured gross weight.
	WeightToleranceGrams float64
	// FinenessTolerance is the largest accepted difference, in parts per
	// thousand, between the ledger and the assay certificate.
	FinenessTolerance float64
	// WeighTimeout bounds a single reading of the balance.
	WeighTimeout time.Duration
	Logger       *log.Logger
	Clock        func() time.Time
}

// Option adjusts the Config used by NewAuditor.
type Option func(*Config)

// WithWeightTolerance sets the accepted weight difference in grams.
func WithWeightTolerance(grams float64) Option {
	return func(c *Config) { c.WeightToleranceGrams = grams }
}

// WithFinenessTolerance sets the accepted fineness difference in parts per thousand.
func WithFinenessTolerance(ppt float64) Option {
	return func(c *Config) { c.FinenessTolerance = ppt }
}

// WithWeighTimeout bounds each reading of the balance.
func WithWeighTimeout(d time.Duration) Option {
	return func(c *Config) { c.WeighTimeout = d }
}

// WithLogger sends audit progress to l.
func WithLogger(l *log.Logger) Option {
	return func(c *Config) { c.Logger = l }
}

// WithClock replaces time.Now, mostly for tests.
func WithClock(now func() time.Time) Option {
	return func(c *Config) { c.Clock = now }
}

func defaultConfig() Config {
	return Config{
		WeightToleranceGrams: 0.05,
		FinenessTolerance:    0.1,
		WeighTimeout:         5 * time.Second,
		Logger:               log.New(io.Discard, "", 0),
		Clock:                time.Now,
	}
}

// Auditor reconciles the physical contents of vault shelves with the ledger.
type Auditor struct {
	cfg    Config
	inv    Inventory
	scale  Scale
	assays AssayRegistry
}

// NewAuditor builds an Auditor. All three dependencies are required.
func NewAuditor(inv Inventory, scale Scale, assays AssayRegistry, opts ...Option) (*Auditor, error) {
	if inv == nil || scale == nil || assays == nil {
		return nil, errors.New("vault: inventory, scale and assay registry are required")
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.WeightToleranceGrams < 0 || cfg.FinenessTolerance < 0 {
		return nil, errors.New("vault: tolerances must not be negative")
	}
	if cfg.WeighTimeout <= 0 {
		return nil, errors.New("vault: weigh timeout must be positive")
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Auditor{cfg: cfg, inv: inv, scale: scale, assays: assays}, nil
}

func (a *Auditor) logf(format string, args ...interface{}) {
	a.cfg.Logger.Printf(format, args...)
}
