// Package seedbank keeps the accession catalog of a seed bank: every lot of
// seed that enters cold storage, its germination history and whether it is
// due for regeneration.
package seedbank

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

var (
	// ErrNotFound is returned by a Store when an accession is unknown.
	ErrNotFound = errors.New("seedbank: accession not found")
	// ErrInvalid wraps every validation failure of an incoming lot.
	ErrInvalid = errors.New("seedbank: invalid lot")
)

// StorageCondition is the storage regime a lot is kept under.
type StorageCondition int

// Storage regimes, following common gene bank practice.
const (
	StorageUnknown StorageCondition = iota
	StorageAmbient
	StorageCold
	StorageFrozen
	StorageCryo
)

// GerminationTest is one viability test run on a sample of a lot.
type GerminationTest struct {
	TestedOn   time.Time
	Sown       int
	Germinated int
}

// Rate is the fraction of sown seeds that germinated.
func (g GerminationTest) Rate() float64 {
	if g.Sown == 0 {
		return 0
	}
	return float64(g.Germinated) / float64(g.Sown)
}

// Lot is a batch of seed as delivered by a collecting mission or a
// regeneration plot.
type Lot struct {
	AccessionID string
	Taxon       string
	Origin      string
	CollectedOn time.Time
	SeedCount   int
	Storage     StorageCondition
	Tests       []GerminationTest
}

// Accession is a lot as held in the catalog.
type Accession struct {
	Lot
	Viability       float64
	RegenerationDue bool
	UpdatedAt       time.Time
}

// Store persists accessions.
type Store interface {
	Get(ctx context.Context, id string) (Accession, error)
	Put(ctx context.Context, a Accession) error
}

// LotSource yields incoming lots one at a time and returns io.EOF when it
// has no more.
type LotSource interface {
	Next(ctx context.Context) (Lot, error)
}

// Config controls catalog behaviour.
type Config struct {
	// MinViability is the germination rate below which a lot must be
	// regenerated.
	MinViability float64
	// MinSeedCount is the smallest lot size kept without regeneration.
	MinSeedCount int
	// TestMaxAge is how old the latest germination test may be.
	TestMaxAge time.Duration
	// MaxRejects is how many invalid lots an import tolerates.
	MaxRejects int
	// ImportTimeout bounds a whole import; zero means no bound.
	ImportTimeout time.Duration
	Now           func() time.Time
	Logger        *log.Logger
}

// Option adjusts a Config.
type Option func(*Config)

// WithLogger sets the logger used for import diagnostics.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithMaxRejects sets how many invalid lots an import tolerates.
func WithMaxRejects(n int) Option { return func(c *Config) { c.MaxRejects = n } }

// WithImportTimeout bounds the duration of ImportLots.
func WithImportTimeout(d time.Duration) Option { return func(c *Config) { c.ImportTimeout = d } }

// WithClock replaces time.Now, mostly for tests.
func WithClock(now func() time.Time) Option { return func(c *Config) { c.Now = now } }

// Catalog is the accession catalog.
type Catalog struct {
	store Store
	cfg   Config
}

// New returns a catalog backed by store.
func New(store Store, opts ...Option) (*Catalog, error) {
	if store == nil {
		return nil, errors.New("seedbank: nil store")
	}
	cfg := Config{
		MinViability: 0.85,
		MinSeedCount: 1500,
		TestMaxAge:   10 * 365 * 24 * time.Hour,
		MaxRejects:   10,
		Now:          time.Now,
		Logger:       log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.MinViability <= 0 || cfg.MinViability > 1 {
		return nil, fmt.Errorf("seedbank: viability threshold %.2f out of range", cfg.MinViability)
	}
	if cfg.MaxRejects < 0 {
		return nil, fmt.Errorf("seedbank: negative reject limit %d", cfg.MaxRejects)
	}
	return &Catalog{store: store, cfg: cfg}, nil
}

// Lookup returns one accession.
func (c *Catalog) Lookup(ctx context.Context, id string) (Accession, error) {
	a, err := c.store.Get(ctx, id)
	if err != nil {
		return Accession{}, fmt.Errorf("seedbank: lookup %s: %w", id, err)
	}
	return a, nil
}

// assess derives viability and regeneration status from a lot's history.
func (c *Catalog) assess(lot Lot) (viability float64, regen bool) {
	if len(lot.Tests) == 0 {
		return 0, true
	}
	latest := lot.Tests[0]
	for _, t := range lot.Tests[1:] {
		if t.TestedOn.After(latest.TestedOn) {
			latest = t
		}
	}
	viability = latest.Rate()
	stale := c.cfg.Now().Sub(latest.TestedOn) > c.cfg.TestMaxAge
	return viability, stale || viability < c.cfg.MinViability || lot.SeedCount < c.cfg.MinSeedCount
}

// upsert merges a lot into the stored accession, creating it if needed.
func (c *Catalog) upsert(ctx context.Context, lot Lot) (Accession, bool, error) {
	existing, err := c.store.Get(ctx, lot.AccessionID)
	created := false
	switch {
	case errors.Is(err, ErrNotFound):
		existing = Accession{Lot: lot}
		created = true
	case err != nil:
		return Accession{}, false, err
	default:
		existing.SeedCount += lot.SeedCount
		existing.Tests = append(existing.Tests, lot.Tests...)
		if lot.Storage != StorageUnknown {
			existing.Storage = lot.Storage
		}
	}
	existing.Viability, existing.RegenerationDue = c.assess(existing.Lot)
	existing.UpdatedAt = c.cfg.Now()
	if err := c.store.Put(ctx, existing); err != nil {
		return Accession{}, false, err
	}
	return existing, created, nil
}
