package mews

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

// Snapshot is the persisted form of the roster.
type Snapshot struct {
	Taken time.Time
	Birds []Bird
}

// Store persists roster snapshots, e.g. to the centre's shared drive.
type Store interface {
	Save(ctx context.Context, s Snapshot) error
}

// Config controls roster behaviour.
type Config struct {
	Underweight float64 // max fraction below flying weight
	Overweight  float64 // max fraction above flying weight
	WeighInAge  time.Duration
	SaveTimeout time.Duration
	Now         func() time.Time
	Logger      *log.Logger
}

// Option adjusts a Config.
type Option func(*Config)

// WithWeightBand sets how far from flying weight a bird may be flown.
func WithWeightBand(under, over float64) Option {
	return func(c *Config) { c.Underweight, c.Overweight = under, over }
}

// WithClock replaces time.Now, mainly for tests.
func WithClock(now func() time.Time) Option { return func(c *Config) { c.Now = now } }

// WithLogger sets the roster logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Roster is the live mews roster. It is safe for concurrent use.
type Roster struct {
	cfg   Config
	store Store
	log   *log.Logger

	mu    sync.RWMutex
	birds map[string]*Bird

	dirty     chan struct{}
	quit      chan struct{}
	closeOnce sync.Once
}

// New builds a roster and starts its background writer.
func New(store Store, opts ...Option) (*Roster, error) {
	if store == nil {
		return nil, errors.New("mews: nil store")
	}
	cfg := Config{
		Underweight: 0.05,
		Overweight:  0.06,
		WeighInAge:  6 * time.Hour,
		SaveTimeout: 2 * time.Second,
		Now:         time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	r := &Roster{
		cfg:   cfg,
		store: store,
		log:   cfg.Logger,
		birds: make(map[string]*Bird),
		dirty: make(chan struct{}, 1),
		quit:  make(chan struct{}),
	}
	go r.persistLoop()
	return r, nil
}

func (r *Roster) policy() weightPolicy {
	return weightPolicy{under: r.cfg.Underweight, over: r.cfg.Overweight, maxAge: r.cfg.WeighInAge}
}

func (r *Roster) markDirty() {
	select {
	case r.dirty <- struct{}{}:
	default:
	}
}

// Add puts a bird on the roster.
func (r *Roster) Add(b Bird) error {
	if b.ID == "" || b.FlyingWeight <= 0 {
		return fmt.Errorf("mews: bird %q needs an id and a flying weight", b.Name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.birds[b.ID]; ok {
		return fmt.Errorf("mews: bird %s already on roster", b.ID)
	}
	c := b.clone()
	r.birds[b.ID] = &c
	r.markDirty()
	return nil
}

// RecordWeight logs a weigh-in from the mews scales.
func (r *Roster) RecordWeight(id string, grams int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.birds[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownBird, id)
	}
	b.Weights = append(b.Weights, WeighIn{At: r.cfg.Now(), Grams: grams})
	r.markDirty()
	return nil
}

// CheckOut hands a bird to a falconer if it is fit to fly.
func (r *Roster) CheckOut(id, falconer string) error {
	now := r.cfg.Now()
	r.mu.Lock()
	b, ok := r.birds[id]
	if !ok {
		r.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownBird, id)
	}
	if b.Out {
		r.mu.Unlock()
		return fmt.Errorf("%w: %s is with %s", ErrAlreadyOut, b.Name, b.OutWith)
	}
	if err := b.fitToFly(now, r.policy()); err != nil {
		b.note(now, "held back from %s: %v", falconer, err)
		r.markDirty()
		return fmt.Errorf("mews: check out %s: %w", b.Name, err)
	}
	b.Out, b.OutWith, b.OutAt = true, falconer, now
	b.note(now, "out with %s", falconer)
	name := b.Name
	r.mu.Unlock()

	r.markDirty()
	r.log.Printf("%s out with %s", name, falconer)
	return nil
}

// Return records a bird coming back to the mews.
func (r *Roster) Return(id, report string) error {
	now := r.cfg.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.birds[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownBird, id)
	}
	if !b.Out {
		return fmt.Errorf("%w: %s", ErrNotOut, b.Name)
	}
	b.note(now, "back from %s after %v: %s", b.OutWith, now.Sub(b.OutAt).Round(time.Minute), report)
	b.Out, b.OutWith, b.OutAt = false, "", time.Time{}
	r.markDirty()
	return nil
}

// Bird returns a copy of one bird's entry.
func (r *Roster) Bird(id string) (Bird, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	b, ok := r.birds[id]
	if !ok {
		return Bird{}, false
	}
	return b.clone(), true
}

func (r *Roster) snapshot() Snapshot {
	r.mu.RLock() // leak: CheckOut keeps the write lock when it refuses an unfit bird
	defer r.mu.RUnlock()
	s := Snapshot{Taken: r.cfg.Now(), Birds: make([]Bird, 0, len(r.birds))}
	for _, b := range r.birds {
		s.Birds = append(s.Birds, b.clone())
	}
	sort.Slice(s.Birds, func(i, j int) bool { return s.Birds[i].ID < s.Birds[j].ID })
	return s
}

func (r *Roster) flush() {
	snap := r.snapshot()
	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.SaveTimeout)
	defer cancel()
	if err := r.store.Save(ctx, snap); err != nil {
		r.log.Printf("mews: saving roster: %v", err)
	}
}

func (r *Roster) persistLoop() {
	for {
		select {
		case <-r.dirty:
			r.flush()
		case <-r.quit:
			r.flush()
			return
		}
	}
}

// Close stops the background writer after a final save.
func (r *Roster) Close() {
	r.closeOnce.Do(func() { close(r.quit) })
}
