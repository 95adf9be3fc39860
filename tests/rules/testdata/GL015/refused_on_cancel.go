package refusedoncancel

import (
	"context"
	"errors"
	"sync"
	"time"
)

// run: b := &Batcher{items: make(chan string)}; ctx, cancel := context.WithCancel(context.Background()); cancel(); _ = b.Add(ctx, "x"); go b.Flush(); time.Sleep(100 * time.Millisecond)

var ErrClosed = errors.New("batcher closed")

// Batcher counts each item in and flushes them from a worker.
type Batcher struct {
	mu      sync.Mutex
	closed  bool
	items   chan string
	pending sync.WaitGroup
	flush   func([]string) error
	every   time.Duration
}

func NewBatcher(flush func([]string) error) *Batcher {
	b := &Batcher{items: make(chan string, 64), flush: flush, every: time.Second}
	go b.loop()
	return b
}

func (b *Batcher) loop() {
	var batch []string
	for it := range b.items {
		batch = append(batch, it)
		if len(batch) >= 8 {
			_ = b.flush(batch)
			for range batch {
				b.pending.Done()
			}
			batch = nil
		}
	}
}

// Add queues an item unless the batcher is closed or the context ends first.
func (b *Batcher) Add(ctx context.Context, it string) error {
	b.pending.Add(1)
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		b.pending.Done()
		return ErrClosed
	}
	select {
	case b.items <- it:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Flush waits until every queued item has been flushed.
func (b *Batcher) Flush() {
	b.pending.Wait() // want "`b.pending.Wait\\(\\)` never returns once `Add` has refused work"
}
