package quarry

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

// Driller frees blocks from a bench face.
type Driller interface {
	Cut(ctx context.Context, bench string, seq int) (Block, error)
}

// Saw dresses a raw block down to a product spec.
type Saw interface {
	Dress(ctx context.Context, b Block, spec Spec) (Ashlar, error)
}

// Config holds the quarry's operating parameters.
type Config struct {
	YardCapacity        int
	InspectionThreshold int     // flaw severity at or above which a block is held
	Kerf                float64 // saw kerf in cm, per face
	Specs               []Spec
	Logger              *log.Logger
}

// Option adjusts a Config.
type Option func(*Config)

// WithYardCapacity sets how many blocks the yard can stage.
func WithYardCapacity(n int) Option { return func(c *Config) { c.YardCapacity = n } }

// WithInspectionThreshold sets the flaw severity that puts a block on hold.
func WithInspectionThreshold(sev int) Option {
	return func(c *Config) { c.InspectionThreshold = sev }
}

// WithSpecs sets the products on order.
func WithSpecs(specs ...Spec) Option {
	return func(c *Config) { c.Specs = append(c.Specs, specs...) }
}

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Ledger is the shift record of what came off the saw.
type Ledger struct {
	Dressed  []Ashlar
	Rubble   []string // blocks too small or the wrong stone for any spec
	Rejected []string // blocks the inspector turned down
	Failed   []string
}

// Quarry runs the benches, the yard and the primary saw for one shift.
type Quarry struct {
	cfg   Config
	drill Driller
	saw   Saw
	yard  *Yard
	log   *log.Logger

	mu      sync.Mutex
	ledger  Ledger
	seq     map[string]int
	started bool
	cancel  context.CancelFunc
	done    chan struct{}
}

// New builds a quarry. Start must be called before blocks are extracted.
func New(drill Driller, saw Saw, opts ...Option) (*Quarry, error) {
	cfg := Config{
		YardCapacity:        8,
		InspectionThreshold: 3,
		Kerf:                0.5,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if drill == nil || saw == nil {
		return nil, errors.New("quarry: driller and saw are required")
	}
	if cfg.YardCapacity < 1 {
		return nil, fmt.Errorf("quarry: yard capacity %d", cfg.YardCapacity)
	}
	if len(cfg.Specs) == 0 {
		return nil, errors.New("quarry: no specs on order")
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	specs := append([]Spec(nil), cfg.Specs...)
	sort.SliceStable(specs, func(i, j int) bool {
		return specs[i].Size.Volume() > specs[j].Size.Volume()
	})
	cfg.Specs = specs
	return &Quarry{
		cfg:   cfg,
		drill: drill,
		saw:   saw,
		yard:  NewYard(cfg.YardCapacity),
		log:   cfg.Logger,
		seq:   make(map[string]int),
		done:  make(chan struct{}),
	}, nil
}

// Start sets the primary saw running.
func (q *Quarry) Start(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		return errors.New("quarry: already started")
	}
	ctx, q.cancel = context.WithCancel(ctx)
	q.started = true
	go q.runSaw(ctx)
	return nil
}

// Extract frees n blocks from bench and stages them, returning how many were staged.
func (q *Quarry) Extract(ctx context.Context, bench string, n int) (int, error) {
	staged := 0
	for i := 0; i < n; i++ {
		q.mu.Lock()
		q.seq[bench]++
		seq := q.seq[bench]
		q.mu.Unlock()

		b, err := q.drill.Cut(ctx, bench, seq)
		if err != nil {
			return staged, fmt.Errorf("quarry: cut %s #%d: %w", bench, seq, err)
		}
		held := b.worstFlaw() >= q.cfg.InspectionThreshold
		if err := q.yard.Put(b, held); err != nil {
			return staged, err
		}
		if held {
			q.log.Printf("block %s held for inspection (%d flaws)", b.ID, len(b.Flaws))
		}
		staged++
	}
	return staged, nil
}

// Inspect records the inspector's decision on a held block.
func (q *Quarry) Inspect(id string, accept bool) error {
	b, err := q.yard.Release(id, accept)
	if err != nil {
		return fmt.Errorf("quarry: inspect %s: %w", id, err)
	}
	if !accept {
		q.mu.Lock()
		q.ledger.Rejected = append(q.ledger.Rejected, b.ID)
		q.mu.Unlock()
		q.log.Printf("block %s rejected at inspection", b.ID)
	}
	return nil
}

func (q *Quarry) pickSpec(b Block) (Spec, bool) {
	for _, s := range q.cfg.Specs {
		if s.Stone == b.Stone && b.Size.Contains(s.Size, q.cfg.Kerf) {
			return s, true
		}
	}
	return Spec{}, false
}

func (q *Quarry) runSaw(ctx context.Context) {
	defer close(q.done)
	for {
		b, ok := q.yard.Take()
		if !ok {
			return
		}
		spec, ok := q.pickSpec(b)
		if !ok {
			q.log.Printf("block %s (%s %v) fits no spec, sent to crusher", b.ID, b.Stone, b.Size)
			q.mu.Lock()
			q.ledger.Rubble = append(q.ledger.Rubble, b.ID)
			q.mu.Unlock()
			continue
		}
		a, err := q.saw.Dress(ctx, b, spec)
		if err != nil {
			q.log.Printf("dressing %s as %s: %v", b.ID, spec.Name, err)
			q.mu.Lock()
			q.ledger.Failed = append(q.ledger.Failed, b.ID)
			q.mu.Unlock()
			continue
		}
		a.DressedAt = time.Now()
		q.mu.Lock()
		q.ledger.Dressed = append(q.ledger.Dressed, a)
		q.mu.Unlock()
	}
}

// Ledger returns a copy of the shift record.
func (q *Quarry) Ledger() Ledger {
	q.mu.Lock()
	defer q.mu.Unlock()
	return Ledger{
		Dressed:  append([]Ashlar(nil), q.ledger.Dressed...),
		Rubble:   append([]string(nil), q.ledger.Rubble...),
		Rejected: append([]string(nil), q.ledger.Rejected...),
		Failed:   append([]string(nil), q.ledger.Failed...),
	}
}

// Close ends the shift: the yard stops taking blocks and Close waits, until
// ctx is done, for the saw to finish what is ready.
func (q *Quarry) Close(ctx context.Context) error {
	q.mu.Lock()
	started, cancel := q.started, q.cancel
	q.mu.Unlock()

	held := q.yard.Close()
	if len(held) > 0 {
		q.log.Printf("end of shift: %d blocks still awaiting inspection: %v", len(held), held)
	}
	if !started {
		return nil
	}
	defer cancel()
	select {
	case <-q.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("quarry: waiting for saw: %w", ctx.Err())
	}
}
