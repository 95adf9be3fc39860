package dataloader

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// batch is one round of keys fetched together.
type batch[K comparable, V any] struct {
	ctx   context.Context
	timer *time.Timer
	keys  []K
	index map[K]int

	mu   sync.Mutex
	cond *sync.Cond
	done bool
	vals []V
	err  error
}

func newBatch[K comparable, V any](ctx context.Context) *batch[K, V] {
	b := &batch[K, V]{ctx: ctx, index: map[K]int{}}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// add returns the position of key in the batch, adding it if it is new.
// Callers hold the loader's lock.
func (b *batch[K, V]) add(key K) int {
	if i, ok := b.index[key]; ok {
		return i
	}
	b.index[key] = len(b.keys)
	b.keys = append(b.keys, key)
	return len(b.keys) - 1
}

func (l *Loader[K, V]) run(b *batch[K, V]) {
	vals, err := l.fetch(b.ctx, b.keys)
	switch {
	case err != nil:
		b.fail(fmt.Errorf("dataloader: fetch %d keys: %w", len(b.keys), err))
	case len(vals) != len(b.keys):
		b.fail(fmt.Errorf("%w: %d keys, %d values", ErrCount, len(b.keys), len(vals)))
	default:
		b.resolve(vals)
	}
}

func (b *batch[K, V]) resolve(vals []V) {
	b.mu.Lock()
	b.vals = vals
	b.done = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

func (b *batch[K, V]) fail(err error) {
	b.mu.Lock()
	b.err = err
	b.done = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

// wait blocks until the batch is fetched and returns the value at i.
func (b *batch[K, V]) wait(i int) (V, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for !b.done {
		b.cond.Wait()
	}
	if b.err != nil {
		var zero V
		return zero, b.err
	}
	return b.vals[i], nil
}
