package consumer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Config configures a Group.
type Config struct {
	// Group is the consumer group name used for committed offsets.
	Group string
	// Topic is the topic whose partitions are consumed.
	Topic string
	// FetchSize is the maximum number of messages per fetch. Default 100.
	FetchSize int
	// Prefetch is the number of fetched messages buffered per partition
	// ahead of the handler. Default 16.
	Prefetch int
	// RetryBackoff is the delay after a failed fetch. Default 500ms.
	RetryBackoff time.Duration
	// OnError, if set, is called with fetch and handler errors. It must not
	// block.
	OnError func(partition int, err error)
}

func (c *Config) setDefaults() {
	if c.FetchSize <= 0 {
		c.FetchSize = 100
	}
	if c.Prefetch <= 0 {
		c.Prefetch = 16
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 500 * time.Millisecond
	}
}

// Group is one member of a consumer group. It consumes the partitions it
// has been assigned and commits progress when partitions are revoked, on
// Commit, and on Close.
type Group struct {
	cfg     Config
	broker  Broker
	handler Handler

	base   context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	owned  map[int]*partitionConsumer
	closed bool
}

// New returns a Group that owns no partitions until the first Rebalance.
func New(b Broker, h Handler, cfg Config) (*Group, error) {
	if b == nil || h == nil {
		return nil, errors.New("consumer: broker and handler are required")
	}
	if cfg.Group == "" || cfg.Topic == "" {
		return nil, errors.New("consumer: group and topic are required")
	}
	cfg.setDefaults()
	base, cancel := context.WithCancel(context.Background())
	return &Group{
		cfg:     cfg,
		broker:  b,
		handler: h,
		base:    base,
		cancel:  cancel,
		owned:   make(map[int]*partitionConsumer),
	}, nil
}

// Assigned returns the partitions currently owned, in ascending order.
func (g *Group) Assigned() []int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.assignedLocked()
}

func (g *Group) assignedLocked() []int {
	ps := make([]int, 0, len(g.owned))
	for p := range g.owned {
		ps = append(ps, p)
	}
	sort.Ints(ps)
	return ps
}

// Rebalance moves the member to a new assignment. Revoked partitions are
// stopped and their offsets committed before any new partition starts, so
// that the member taking them over resumes from the right place. Rebalance
// keeps going after a failure and returns the first error.
func (g *Group) Rebalance(ctx context.Context, partitions []int) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return ErrClosed
	}

	want := make(map[int]bool, len(partitions))
	for _, p := range partitions {
		want[p] = true
	}

	var firstErr error
	for _, p := range g.assignedLocked() {
		if want[p] {
			continue
		}
		pc := g.owned[p]
		delete(g.owned, p)
		if err := pc.stop(ctx); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("revoke partition %d: %w", p, err)
		}
	}

	sorted := append([]int(nil), partitions...)
	sort.Ints(sorted)
	for _, p := range sorted {
		if _, ok := g.owned[p]; ok {
			continue
		}
		pc, err := g.assign(ctx, p)
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("assign partition %d: %w", p, err)
			}
			continue
		}
		g.owned[p] = pc
	}
	return firstErr
}

func (g *Group) assign(ctx context.Context, p int) (*partitionConsumer, error) {
	offset, err := g.broker.Committed(ctx, g.cfg.Group, g.cfg.Topic, p)
	if err != nil {
		return nil, fmt.Errorf("read committed offset: %w", err)
	}
	if offset < 0 {
		offset = 0
	}
	pc := newPartitionConsumer(g.base, g, p, offset)
	pc.start()
	return pc, nil
}

// Close revokes all partitions, committing their progress, and stops the
// group. It is safe to call more than once.
func (g *Group) Close(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	var firstErr error
	for _, p := range g.assignedLocked() {
		if err := g.owned[p].stop(ctx); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("revoke partition %d: %w", p, err)
		}
		delete(g.owned, p)
	}
	g.cancel()
	return firstErr
}
