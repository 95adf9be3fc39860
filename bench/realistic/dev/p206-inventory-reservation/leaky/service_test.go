package reservation

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ ch chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.ch }
func (t *fakeTicker) Stop()               {}

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	ticker *fakeTicker
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ticker = &fakeTicker{ch: make(chan time.Time)}
	return c.ticker
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Tick delivers one tick and returns once the sweeper has received it.
func (c *fakeClock) Tick() {
	c.ticker.ch <- c.Now()
}

type fakeStore struct {
	mu      sync.Mutex
	onHand  map[string]int
	commits []string
}

func (s *fakeStore) OnHand(_ context.Context, sku string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onHand[sku], nil
}

func (s *fakeStore) Commit(_ context.Context, sku string, qty int, ref string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onHand[sku] -= qty
	s.commits = append(s.commits, ref)
	return nil
}

func TestConfirmAfterExpiry(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2023, 11, 24, 0, 0, 0, 0, time.UTC)}
	store := &fakeStore{onHand: map[string]int{"SKU-TV-55": 4}}
	svc, err := New(store, WithClock(clk), WithSweepInterval(time.Minute))
	if err != nil {
		t.Fatal(err)
	}

	paid, err := svc.Reserve(ctx, "SKU-TV-55", 1, 10*time.Minute)
	if err != nil {
		t.Fatalf("Reserve: %v", err)
	}
	slow, err := svc.Reserve(ctx, "SKU-TV-55", 2, 5*time.Minute)
	if err != nil {
		t.Fatalf("Reserve: %v", err)
	}
	if _, err := svc.Reserve(ctx, "SKU-TV-55", 2, 5*time.Minute); !errors.Is(err, ErrInsufficientStock) {
		t.Fatalf("Reserve beyond stock: err = %v, want ErrInsufficientStock", err)
	}
	if err := svc.Confirm(ctx, paid.ID); err != nil {
		t.Fatalf("Confirm: %v", err)
	}

	clk.Advance(6 * time.Minute)
	if err := svc.Confirm(ctx, slow.ID); !errors.Is(err, ErrHoldExpired) {
		t.Fatalf("Confirm expired hold: err = %v, want ErrHoldExpired", err)
	}
	clk.Tick()

	if len(store.commits) != 1 || store.commits[0] != paid.ID {
		t.Fatalf("commits = %v, want [%s]", store.commits, paid.ID)
	}
	if err := svc.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
