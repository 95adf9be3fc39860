// Package dataloader batches and de-duplicates the key lookups made within a
// short window, so that N resolvers each asking for one record turn into one
// query for N keys.
package dataloader

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrCount is returned when a batch function does not return one value per key.
var ErrCount = errors.New("dataloader: batch returned wrong number of values")

// BatchFunc fetches the values of keys, in the same order.
type BatchFunc[K comparable, V any] func(ctx context.Context, keys []K) ([]V, error)

// Thunk waits for a value requested with Load.
type Thunk[V any] func() (V, error)

// Option configures a Loader.
type Option func(*config)

type config struct {
	wait     time.Duration
	maxBatch int
}

// WithWait sets how long a batch collects keys before it is fetched.
func WithWait(d time.Duration) Option { return func(c *config) { c.wait = d } }

// WithMaxBatch fetches a batch as soon as it has n distinct keys.
func WithMaxBatch(n int) Option { return func(c *config) { c.maxBatch = n } }

// Loader batches lookups for one kind of record. It is safe for concurrent use.
type Loader[K comparable, V any] struct {
	fetch BatchFunc[K, V]
	cfg   config

	mu  sync.Mutex
	cur *batch[K, V]
}

// New returns a loader that fetches with fn.
func New[K comparable, V any](fn BatchFunc[K, V], opts ...Option) *Loader[K, V] {
	cfg := config{wait: 2 * time.Millisecond, maxBatch: 100}
	for _, o := range opts {
		o(&cfg)
	}
	return &Loader[K, V]{fetch: fn, cfg: cfg}
}

// Load adds key to the current batch and returns a thunk for its value.
func (l *Loader[K, V]) Load(ctx context.Context, key K) Thunk[V] {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.cur
	if b == nil {
		b = newBatch[K, V](ctx)
		l.cur = b
		b.timer = time.AfterFunc(l.cfg.wait, func() {
			l.mu.Lock()
			if l.cur == b {
				l.cur = nil
			}
			l.mu.Unlock()
			l.run(b)
		})
	}
	i := b.add(key)
	if len(b.keys) >= l.cfg.maxBatch {
		l.cur = nil
		if b.timer.Stop() {
			go l.run(b)
		}
	}
	return func() (V, error) { return b.wait(i) }
}

// LoadMany loads several keys and waits for all of them, or until ctx is done.
func (l *Loader[K, V]) LoadMany(ctx context.Context, keys []K) ([]V, error) {
	thunks := make([]Thunk[V], len(keys))
	for i, k := range keys {
		thunks[i] = l.Load(ctx, k)
	}
	done := make(chan manyResult[V], 1)
	go func() {
		vals := make([]V, len(thunks))
		for i, th := range thunks {
			v, err := th()
			if err != nil {
				done <- manyResult[V]{err: err}
				return
			}
			vals[i] = v
		}
		done <- manyResult[V]{vals: vals}
	}()
	select {
	case r := <-done:
		return r.vals, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type manyResult[V any] struct {
	vals []V
	err  error
}
