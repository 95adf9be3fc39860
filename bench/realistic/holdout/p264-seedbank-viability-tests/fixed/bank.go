package seedbank

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Store persists snapshots of the bank's records.
type Store interface {
	Save(ctx context.Context, s Snapshot) error
}

// Snapshot is the persisted state of the bank.
type Snapshot struct {
	Taken      time.Time
	Accessions []Accession
	Open       []string // accessions with a trial running
}

// Config holds the bank's settings.
type Config struct {
	Replicates         int     // dishes per germination test
	SeedsPerReplicate  int     // seeds per dish
	RegenerationBelow  float64 // viability percent that triggers regeneration
	MaxReplicateSpread float64 // tolerated spread between dishes, percentage points
	Logger             *log.Logger
	Now                func() time.Time
}

// Option adjusts the Config.
type Option func(*Config)

// WithReplicates sets the test design: reps dishes of seeds each.
func WithReplicates(reps, seeds int) Option {
	return func(c *Config) { c.Replicates, c.SeedsPerReplicate = reps, seeds }
}

// WithRegenerationThreshold sets the viability below which a lot is regenerated.
func WithRegenerationThreshold(pct float64) Option {
	return func(c *Config) { c.RegenerationBelow = pct }
}

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Bank keeps the accession register and the germination tests run on it.
type Bank struct {
	cfg   Config
	store Store
	log   *log.Logger

	mu         sync.Mutex
	accessions map[string]*Accession
	trials     map[string]*Trial

	dirty     chan struct{}
	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// Open starts a bank that snapshots its records to store as they change.
func Open(ctx context.Context, store Store, opts ...Option) (*Bank, error) {
	cfg := Config{
		Replicates:         4,
		SeedsPerReplicate:  50,
		RegenerationBelow:  85,
		MaxReplicateSpread: 20,
		Now:                time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if store == nil {
		return nil, errors.New("seedbank: store required")
	}
	if cfg.Replicates < 1 || cfg.SeedsPerReplicate < 1 {
		return nil, fmt.Errorf("seedbank: bad test design %dx%d", cfg.Replicates, cfg.SeedsPerReplicate)
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	b := &Bank{
		cfg:        cfg,
		store:      store,
		log:        cfg.Logger,
		accessions: make(map[string]*Accession),
		trials:     make(map[string]*Trial),
		dirty:      make(chan struct{}, 1),
		stop:       make(chan struct{}),
		done:       make(chan struct{}),
	}
	go b.persistLoop(ctx)
	return b, nil
}

// Register adds an accession to the vault.
func (b *Bank) Register(a Accession) error {
	if a.Number == "" || a.SeedCount < 0 {
		return fmt.Errorf("seedbank: bad accession %q", a.Number)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.accessions[a.Number]; ok {
		return fmt.Errorf("seedbank: accession %s already registered", a.Number)
	}
	b.accessions[a.Number] = &a
	b.markDirty()
	return nil
}

// StartTrial draws seeds from the accession and sets a germination test.
func (b *Bank) StartTrial(number string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	acc, ok := b.accessions[number]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownAccession, number)
	}
	if _, running := b.trials[number]; running {
		return fmt.Errorf("seedbank: %s already under test", number)
	}
	need := b.cfg.Replicates * b.cfg.SeedsPerReplicate
	if acc.SeedCount < need {
		return fmt.Errorf("seedbank: %s holds %d seeds, test needs %d", number, acc.SeedCount, need)
	}
	acc.SeedCount -= need
	b.trials[number] = newTrial(number, b.cfg.Replicates, b.cfg.SeedsPerReplicate, b.cfg.Now())
	b.markDirty()
	return nil
}

// RecordCount enters one replicate's tally. When the last replicate is in, the
// trial is scored and the result returned.
func (b *Bank) RecordCount(number string, c Count) (*Result, error) {
	b.mu.Lock()
	acc, ok := b.accessions[number]
	if !ok {
		b.mu.Unlock()
		return nil, fmt.Errorf("%w: %s", ErrUnknownAccession, number)
	}
	tr, ok := b.trials[number]
	if !ok {
		b.mu.Unlock()
		return nil, fmt.Errorf("%w: %s", ErrNoOpenTrial, number)
	}
	if err := tr.record(c); err != nil {
		b.mu.Unlock()
		return nil, fmt.Errorf("seedbank: %s: %w", number, err)
	}
	if !tr.complete() {
		b.mu.Unlock()
		b.markDirty()
		return nil, nil
	}
	res := tr.result(b.cfg.Now())
	delete(b.trials, number)
	acc.LastResult = &res
	regenerate := res.Viability < b.cfg.RegenerationBelow
	acc.Regenerate = regenerate
	b.mu.Unlock()

	b.markDirty()
	if res.Spread > b.cfg.MaxReplicateSpread {
		b.log.Printf("%s: replicate spread %.0f points, consider retesting", number, res.Spread)
	}
	if regenerate {
		b.log.Printf("%s: viability %.1f%% below %.0f%%, flagged for regeneration",
			number, res.Viability, b.cfg.RegenerationBelow)
	}
	return &res, nil
}

// DueForRegeneration lists accessions whose last test flagged them.
func (b *Bank) DueForRegeneration() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var due []string
	for n, a := range b.accessions {
		if a.Regenerate {
			due = append(due, n)
		}
	}
	sort.Strings(due)
	return due
}

// Close writes a final snapshot and stops the bank, waiting until ctx is done.
func (b *Bank) Close(ctx context.Context) error {
	b.closeOnce.Do(func() { close(b.stop) })
	select {
	case <-b.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("seedbank: waiting for final snapshot: %w", ctx.Err())
	}
}
