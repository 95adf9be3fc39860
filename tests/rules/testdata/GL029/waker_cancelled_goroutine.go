package priceboard

import (
	"context"
	"sync"
	"time"
)

// run: b := NewBoard(func() float64 { return 0 }); _ = b.Start(context.Background()); b.OnChange(func(float64) {}); time.Sleep(100 * time.Millisecond); b.Close()

// Board polls a quote source and tells its watchers about each new price.
type Board struct {
	quote func() float64

	mu      sync.Mutex
	cond    *sync.Cond
	version int
	price   float64
	failed  bool
	cancel  context.CancelFunc
	done    chan struct{}
}

func NewBoard(quote func() float64) *Board {
	b := &Board{quote: quote}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Start polls until ctx ends or Close is called.
func (b *Board) Start(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	ctx, b.cancel = context.WithCancel(ctx)
	b.done = make(chan struct{})
	go b.poll(ctx)
	return nil
}

// Close stops polling and waits for the poller.
func (b *Board) Close() {
	b.mu.Lock()
	cancel, done := b.cancel, b.done
	b.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// OnChange calls fn with every new price until the board fails.
func (b *Board) OnChange(fn func(float64)) {
	go func() {
		seen := 0
		for {
			b.mu.Lock()
			for b.version == seen && !b.failed {
				b.cond.Wait() // want "`b.cond.Wait\\(\\)` may never return once `Close` has run: only `fail` and `publish`, run by the goroutine started at line 36, change `b.failed`, `b.version` or wake the waiters, and `Close` ends that goroutine without waking them"
			}
			if b.version == seen {
				b.mu.Unlock()
				return
			}
			seen = b.version
			price := b.price
			b.mu.Unlock()
			fn(price)
		}
	}()
}

func (b *Board) poll(ctx context.Context) {
	defer close(b.done)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		p := b.quote()
		if p < 0 {
			b.fail()
			return
		}
		b.publish(p)
	}
}

func (b *Board) publish(p float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p == b.price {
		return
	}
	b.price = p
	b.version++
	b.cond.Broadcast()
}

func (b *Board) fail() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failed = true
	b.cond.Broadcast()
}
