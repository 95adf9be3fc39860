package dataloader

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"
)

// Option configures a Loader.
type Option func(*options)

type options struct {
	maxBatch int
	wait     time.Duration
	timeout  time.Duration
	cache    bool
}

func defaultOptions() options {
	return options{maxBatch: 100, wait: 2 * time.Millisecond, cache: true}
}

// WithMaxBatch dispatches a batch as soon as it holds n keys.
func WithMaxBatch(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.maxBatch = n
		}
	}
}

// WithWait sets how long the first key of a batch waits for company. Zero
// disables the timer: batches are sent when full or on Dispatch.
func WithWait(d time.Duration) Option { return func(o *options) { o.wait = d } }

// WithBatchTimeout bounds every BatchFunc call.
func WithBatchTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithoutCache disables result caching; keys are still deduplicated while a
// batch is in flight.
func WithoutCache() Option { return func(o *options) { o.cache = false } }

// Stats counts loader activity for request logging.
type Stats struct {
	Batches   int
	Keys      int
	CacheHits int
	Failures  int
}

// PanicError is returned for every key of a batch whose BatchFunc panicked.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("dataloader: batch function panicked: %v", e.Value)
}

// run fetches keys and hands each waiter its result.
func (l *Loader[K, V]) run(keys []K) {
	vals, err := l.call(keys)

	results := make([]result[V], len(keys))
	for i, k := range keys {
		switch v, ok := vals[k]; {
		case err != nil:
			results[i].err = fmt.Errorf("dataloader: load %v: %w", k, err)
		case !ok:
			results[i].err = fmt.Errorf("dataloader: load %v: %w", k, ErrNotFound)
		default:
			results[i].val = v
		}
	}

	l.mu.Lock()
	waiters := make([][]chan result[V], len(keys))
	for i, k := range keys {
		waiters[i] = l.waiters[k]
		delete(l.waiters, k)
		if l.opts.cache && err == nil {
			l.cache[k] = results[i]
		}
	}
	if err != nil {
		l.stats.Failures++
	}
	l.mu.Unlock()

	for i := range keys {
		for _, ch := range waiters[i] {
			ch <- results[i]
		}
	}
}

// call invokes the BatchFunc, converting a panic into an error so that one
// bad resolver cannot take the server down.
func (l *Loader[K, V]) call(keys []K) (vals map[K]V, err error) {
	defer func() {
		if r := recover(); r != nil {
			vals, err = nil, &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	ctx := l.ctx
	if l.opts.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, l.opts.timeout)
		defer cancel()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	vals, err = l.fetch(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("batch of %d: %w", len(keys), err)
	}
	return vals, nil
}
