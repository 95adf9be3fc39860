// Package dataloader coalesces the individual key lookups made by GraphQL
// resolvers during one request into batched calls to a backend, and caches
// the results for the rest of that request.
//
// A Loader is meant to live for exactly one request: create it in middleware,
// store it in the request context and let it be garbage collected afterwards.
package dataloader

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// BatchFunc loads many keys at once. It returns a map from key to value; keys
// missing from the map resolve to ErrNotFound. A non-nil error fails every
// key in the batch.
type BatchFunc[K comparable, V any] func(ctx context.Context, keys []K) (map[K]V, error)

// Thunk waits for the result of a load. ctx bounds only the wait of this
// caller; the batch itself runs under the Loader's request context.
type Thunk[V any] func(ctx context.Context) (V, error)

// ErrNotFound is returned for keys the BatchFunc did not resolve.
var ErrNotFound = errors.New("dataloader: not found")

type result[V any] struct {
	val V
	err error
}

// Loader batches and caches loads of V by K for a single request.
type Loader[K comparable, V any] struct {
	ctx   context.Context
	fetch BatchFunc[K, V]
	opts  options

	mu      sync.Mutex
	cache   map[K]result[V]
	waiters map[K][]chan result[V] // keys queued or in flight
	queue   []K                    // keys not yet dispatched
	timer   *time.Timer
	stats   Stats
}

// New returns a Loader whose batches run under ctx, normally the request
// context.
func New[K comparable, V any](ctx context.Context, fetch BatchFunc[K, V], opts ...Option) *Loader[K, V] {
	o := defaultOptions()
	for _, fn := range opts {
		fn(&o)
	}
	return &Loader[K, V]{
		ctx:     ctx,
		fetch:   fetch,
		opts:    o,
		cache:   make(map[K]result[V]),
		waiters: make(map[K][]chan result[V]),
	}
}

// Load is shorthand for LoadThunk(key)(ctx).
func (l *Loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	return l.LoadThunk(key)(ctx)
}

// LoadThunk queues key for the next batch and returns a Thunk that waits for
// its value. Keys already cached or in flight are not fetched again.
func (l *Loader[K, V]) LoadThunk(key K) Thunk[V] {
	l.mu.Lock()
	defer l.mu.Unlock()

	if r, ok := l.cache[key]; ok {
		l.stats.CacheHits++
		return func(context.Context) (V, error) { return r.val, r.err }
	}

	ch := make(chan result[V], 1)
	pending, inflight := l.waiters[key]
	l.waiters[key] = append(pending, ch)
	if !inflight {
		l.queue = append(l.queue, key)
		if len(l.queue) >= l.opts.maxBatch {
			l.dispatchLocked()
		} else if len(l.queue) == 1 && l.opts.wait > 0 {
			l.timer = time.AfterFunc(l.opts.wait, l.Dispatch)
		}
	}

	return func(ctx context.Context) (V, error) {
		select {
		case r := <-ch:
			return r.val, r.err
		case <-ctx.Done():
			var zero V
			return zero, fmt.Errorf("dataloader: load %v: %w", key, ctx.Err())
		}
	}
}

// LoadMany loads keys and returns their values and errors index by index.
func (l *Loader[K, V]) LoadMany(ctx context.Context, keys []K) ([]V, []error) {
	thunks := make([]Thunk[V], len(keys))
	for i, k := range keys {
		thunks[i] = l.LoadThunk(k)
	}
	vals := make([]V, len(keys))
	errs := make([]error, len(keys))
	for i, th := range thunks {
		vals[i], errs[i] = th(ctx)
	}
	return vals, errs
}

// Prime stores value for key without fetching it, unless key is already
// cached. It is typically used after a list query returned full objects.
func (l *Loader[K, V]) Prime(key K, value V) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.cache[key]; !ok && l.opts.cache {
		l.cache[key] = result[V]{val: value}
	}
}

// Clear drops key from the cache, for example after a mutation changed it.
func (l *Loader[K, V]) Clear(key K) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.cache, key)
}

// Dispatch sends the queued keys now instead of waiting for the batch window
// to close. Resolvers call it when they know no more keys are coming.
func (l *Loader[K, V]) Dispatch() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dispatchLocked()
}

// Stats returns a snapshot of the loader's counters.
func (l *Loader[K, V]) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats
}

func (l *Loader[K, V]) dispatchLocked() {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	if len(l.queue) == 0 {
		return
	}
	keys := l.queue
	l.queue = nil
	l.stats.Batches++
	l.stats.Keys += len(keys)
	go l.run(keys)
}
