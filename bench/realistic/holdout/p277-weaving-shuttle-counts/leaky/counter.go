package shuttlecount

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log"
	"sort"
	"sync"
	"sync/atomic"
)

// Counter aggregates pick readings for one shift. Readings for the same loom
// are always handled by the same shard worker, which owns that loom's totals.
type Counter struct {
	cfg    Config
	store  Store
	log    *log.Logger
	shards []chan shardOp
	wg     sync.WaitGroup

	mu     sync.RWMutex
	closed bool

	accepted atomic.Int64
	rejected atomic.Int64
}

// New starts a counter for cfg.Shift. If the store holds a checkpoint for the
// shift, the totals are restored before New returns.
func New(ctx context.Context, store Store, cfg Config) (*Counter, error) {
	if store == nil {
		return nil, errors.New("shuttlecount: nil store")
	}
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}

	c := &Counter{
		cfg:    cfg,
		store:  store,
		log:    cfg.Logger,
		shards: make([]chan shardOp, cfg.Shards),
	}
	for i := range c.shards {
		ch := make(chan shardOp, cfg.QueueLen)
		c.shards[i] = ch
		c.wg.Add(1)
		go c.runShard(i, ch)
	}

	n, err := c.restore(ctx)
	if err != nil {
		return nil, fmt.Errorf("shuttlecount: restore shift %q: %w", cfg.Shift, err)
	}
	c.log.Printf("shift %s: counter started with %d shards, %d looms restored", cfg.Shift, cfg.Shards, n)
	return c, nil
}

func (c *Counter) restore(ctx context.Context) (int, error) {
	saved, err := c.store.LoadShift(ctx, c.cfg.Shift)
	if errors.Is(err, ErrNoShift) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	for _, t := range saved {
		if err := validateCheckpoint(t); err != nil {
			return 0, err
		}
	}
	for i := range saved {
		t := saved[i].clone()
		if err := c.send(ctx, c.shardFor(t.Loom), shardOp{restore: &t}); err != nil {
			return 0, err
		}
	}
	return len(saved), nil
}

// Record adds one sensor reading to the shift totals.
func (c *Counter) Record(ctx context.Context, p Pick) error {
	if err := validatePick(p, c.cfg.MaxPicksPerReading); err != nil {
		c.rejected.Add(1)
		return err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return ErrClosed
	}
	if err := c.send(ctx, c.shardFor(p.Loom), shardOp{pick: &p}); err != nil {
		return err
	}
	c.accepted.Add(1)
	return nil
}

// Snapshot returns the current totals of all looms, sorted by loom id.
func (c *Counter) Snapshot(ctx context.Context) ([]LoomTotals, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return nil, ErrClosed
	}
	return c.collect(ctx)
}

// Stats reports how many readings were accepted and rejected so far.
func (c *Counter) Stats() (accepted, rejected int64) {
	return c.accepted.Load(), c.rejected.Load()
}

// Close stops accepting readings, waits for the shards to drain and saves a
// final checkpoint of the shift.
func (c *Counter) Close(ctx context.Context) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.closed = true
	c.mu.Unlock()

	totals, err := c.collect(ctx)
	c.stopShards()
	if err != nil {
		return fmt.Errorf("shuttlecount: final snapshot: %w", err)
	}
	if err := c.store.SaveShift(ctx, c.cfg.Shift, totals); err != nil {
		return fmt.Errorf("shuttlecount: save shift %q: %w", c.cfg.Shift, err)
	}
	acc, rej := c.Stats()
	c.log.Printf("shift %s: closed, %d looms, %d readings accepted, %d rejected", c.cfg.Shift, len(totals), acc, rej)
	return nil
}

func (c *Counter) stopShards() {
	for _, ch := range c.shards {
		close(ch)
	}
	c.wg.Wait()
}

func (c *Counter) collect(ctx context.Context) ([]LoomTotals, error) {
	replies := make(chan []LoomTotals, len(c.shards))
	for _, ch := range c.shards {
		if err := c.send(ctx, ch, shardOp{snap: replies}); err != nil {
			return nil, err
		}
	}
	var all []LoomTotals
	for range c.shards {
		select {
		case part := <-replies:
			all = append(all, part...)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Loom < all[j].Loom })
	return all, nil
}

func (c *Counter) send(ctx context.Context, ch chan<- shardOp, op shardOp) error {
	select {
	case ch <- op:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Counter) shardFor(loom string) chan<- shardOp {
	h := fnv.New32a()
	_, _ = h.Write([]byte(loom))
	return c.shards[h.Sum32()%uint32(len(c.shards))]
}
