package budget

import (
	"context"
	"sync"
	"time"
)

// run: b := NewBudget(0, time.Hour); ctx, cancel := context.WithCancel(context.Background()); go func() { _ = b.Spend(ctx, 1) }(); time.Sleep(100 * time.Millisecond); cancel(); b.Stop()

// Budget hands out request credits, restored by a refresher every period.
type Budget struct {
	mu      sync.Mutex
	cond    *sync.Cond
	credits int
	limit   int
	period  time.Duration
	done    chan struct{}
	once    sync.Once
}

func NewBudget(limit int, period time.Duration) *Budget {
	b := &Budget{credits: limit, limit: limit, period: period, done: make(chan struct{})}
	b.cond = sync.NewCond(&b.mu)
	go b.refresh()
	return b
}

// refresh restores the credits each period and wakes the spenders.
func (b *Budget) refresh() {
	t := time.NewTicker(b.period)
	defer t.Stop()
	for {
		select {
		case <-b.done:
			return
		case <-t.C:
			b.mu.Lock()
			b.credits = b.limit
			b.cond.Broadcast()
			b.mu.Unlock()
		}
	}
}

// Spend takes n credits, waiting for the next period when they have run out.
func (b *Budget) Spend(ctx context.Context, n int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if b.credits >= n {
			b.credits -= n
			return nil
		}
		b.cond.Wait()
	}
}

// Stop ends the refresher.
func (b *Budget) Stop() {
	b.once.Do(func() { close(b.done) })
	b.mu.Lock()
	b.cond.Broadcast()
	b.mu.Unlock()
}
