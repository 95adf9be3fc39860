package breaker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fakeInventory stands in for a remote service whose health the test
// controls.
type fakeInventory struct {
	mu    sync.Mutex
	down  bool
	calls int
}

var errUnavailable = errors.New("inventory: 503 service unavailable")

func (f *fakeInventory) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

func (f *fakeInventory) Reserve(ctx context.Context, sku string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.down {
		return errUnavailable
	}
	return nil
}

func TestBreakerRecoversThroughHalfOpenProbe(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &manualClock{now: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)}
	var transitions []string
	g, err := New("inventory",
		WithThresholds(2, 1),
		WithCoolDown(10*time.Second),
		WithProbes(1),
		WithBulkhead(4, 0),
		WithCallTimeout(time.Second),
		WithClock(clock),
		WithStateListener(func(name string, from, to State) {
			transitions = append(transitions, fmt.Sprintf("%s:%s->%s", name, from, to))
		}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	inv := &fakeInventory{}
	reserve := func() error {
		return g.Do(context.Background(), func(ctx context.Context) error {
			return inv.Reserve(ctx, "sku-42")
		})
	}

	inv.setDown(true)
	for i := 0; i < 2; i++ {
		if err := reserve(); !errors.Is(err, errUnavailable) {
			t.Fatalf("call %d: got %v, want %v", i, err, errUnavailable)
		}
	}
	if g.State() != Open {
		t.Fatalf("state = %v, want open", g.State())
	}

	// While open, calls fail fast without reaching the service.
	if err := reserve(); !errors.Is(err, ErrOpen) {
		t.Fatalf("got %v, want ErrOpen", err)
	}
	if inv.calls != 2 {
		t.Fatalf("service called %d times, want 2", inv.calls)
	}

	// After the cool-down the service is back; the probe closes the breaker.
	inv.setDown(false)
	clock.Advance(10 * time.Second)
	if err := reserve(); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if g.State() != Closed {
		t.Fatalf("state = %v, want closed", g.State())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := g.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := reserve(); !errors.Is(err, ErrShutdown) {
		t.Errorf("after Shutdown: got %v, want ErrShutdown", err)
	}

	want := []string{
		"inventory:closed->open",
		"inventory:open->half-open",
		"inventory:half-open->closed",
	}
	if fmt.Sprint(transitions) != fmt.Sprint(want) {
		t.Errorf("transitions = %v, want %v", transitions, want)
	}
}
