package randomize

import (
	"context"
	"fmt"
	"math/rand"
	"sync"
	"time"
)

// Option customises a Randomizer.
type Option func(*options)

type options struct {
	clock        Clock
	source       Source
	auditBatch   int
	auditTimeout time.Duration
	onAuditError func(error)
}

// WithClock sets the clock used to timestamp allocations.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithSource sets the random source used to shuffle blocks. Production
// deployments should pass a cryptographically seeded source.
func WithSource(s Source) Option { return func(o *options) { o.source = s } }

// WithAuditBatch sets the maximum number of events written per sink call.
func WithAuditBatch(n int) Option { return func(o *options) { o.auditBatch = n } }

// WithAuditErrorHandler is called whenever the audit sink rejects a batch.
func WithAuditErrorHandler(f func(error)) Option { return func(o *options) { o.onAuditError = f } }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Randomizer allocates participants of one trial. It is safe for concurrent
// use; allocations are serialised so that block positions are never reused.
type Randomizer struct {
	cfg   Config
	store Store
	opts  options
	audit *auditLog

	mu       sync.Mutex
	blocks   map[string]BlockState
	sequence int64
	closed   bool
}

// Open validates cfg, loads the persisted trial state from store and returns
// a Randomizer ready to allocate participants.
func Open(ctx context.Context, cfg Config, store Store, sink AuditSink, opts ...Option) (*Randomizer, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("randomize: %w", err)
	}
	o := options{
		clock:        systemClock{},
		auditBatch:   64,
		auditTimeout: 5 * time.Second,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.source == nil {
		o.source = rand.New(rand.NewSource(time.Now().UnixNano()))
	}

	r := &Randomizer{
		cfg:   cfg,
		store: store,
		opts:  o,
		audit: newAuditLog(sink, o.auditBatch, o.auditTimeout, o.onAuditError),
	}

	st, err := store.LoadState(ctx, cfg.TrialID)
	if err != nil {
		_ = r.audit.close(ctx)
		return nil, fmt.Errorf("randomize: load state of trial %s: %w", cfg.TrialID, err)
	}
	r.blocks = st.Blocks
	if r.blocks == nil {
		r.blocks = make(map[string]BlockState)
	}
	r.sequence = st.Sequence

	_ = r.audit.record(AuditEvent{Time: o.clock.Now(), TrialID: cfg.TrialID, Kind: "opened",
		Detail: fmt.Sprintf("sequence=%d strata=%d", r.sequence, len(r.blocks))})
	return r, nil
}

// Allocate assigns p to an arm and records the decision in the audit trail.
func (r *Randomizer) Allocate(ctx context.Context, p Participant) (Allocation, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return Allocation{}, ErrClosed
	}

	stratum := Stratum{Site: p.Site, Sex: p.Sex, AgeBand: r.cfg.ageBand(p.Age)}
	key := stratum.Key()
	block, ok := r.blocks[key]
	if !ok || block.Next >= len(block.Arms) {
		block = r.newBlock(key)
	}

	a := Allocation{
		TrialID:       r.cfg.TrialID,
		ParticipantID: p.ID,
		Arm:           block.Arms[block.Next],
		Stratum:       stratum,
		BlockID:       block.BlockID,
		Position:      block.Next,
		Sequence:      r.sequence + 1,
		AllocatedAt:   r.opts.clock.Now(),
	}
	block.Next++

	if err := r.store.SaveAllocation(ctx, a, key, block); err != nil {
		return Allocation{}, fmt.Errorf("randomize: persist allocation of %s: %w", p.ID, err)
	}
	r.blocks[key] = block
	r.sequence = a.Sequence

	err := r.audit.record(AuditEvent{
		Time: a.AllocatedAt, TrialID: a.TrialID, Kind: "allocated", ParticipantID: p.ID,
		Detail: fmt.Sprintf("block=%s position=%d seq=%d", a.BlockID, a.Position, a.Sequence),
	})
	return a, err
}

// newBlock builds and shuffles a fresh block for the stratum key.
func (r *Randomizer) newBlock(key string) BlockState {
	mult := r.cfg.BlockMultipliers[r.opts.source.Intn(len(r.cfg.BlockMultipliers))]
	var arms []string
	for _, arm := range r.cfg.Arms {
		for i := 0; i < arm.Ratio*mult; i++ {
			arms = append(arms, arm.Code)
		}
	}
	for i := len(arms) - 1; i > 0; i-- {
		j := r.opts.source.Intn(i + 1)
		arms[i], arms[j] = arms[j], arms[i]
	}
	return BlockState{
		BlockID: fmt.Sprintf("%s-%s-%06d", r.cfg.TrialID, key, r.sequence+1),
		Arms:    arms,
	}
}

// Close stops accepting allocations and flushes the audit trail.
func (r *Randomizer) Close(ctx context.Context) error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()

	if err := r.audit.close(ctx); err != nil {
		return fmt.Errorf("randomize: %w", err)
	}
	return nil
}
