package gateway

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// tracker counts requests in flight so that shutdown can wait for them.
type tracker struct {
	wg       sync.WaitGroup
	mu       sync.Mutex
	draining bool
	active   atomic.Int64
}

// begin admits a request; the returned func must be called when it is done.
// It reports false once draining has started.
func (t *tracker) begin() (func(), bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.draining {
		return nil, false
	}
	t.wg.Add(1)
	t.active.Add(1)
	var once sync.Once
	return func() {
		once.Do(func() {
			t.active.Add(-1)
			t.wg.Done()
		})
	}, true
}

// drain refuses new requests and waits for those in flight, or for ctx.
func (t *tracker) drain(ctx context.Context) error {
	t.mu.Lock()
	t.draining = true
	t.mu.Unlock()

	idle := make(chan struct{})
	go func() {
		t.wg.Wait()
		close(idle)
	}()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("gateway: %d requests still in flight: %w", t.active.Load(), ctx.Err())
	}
}
