package booking

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeInventory struct {
	mu        sync.Mutex
	held      map[string][]SeatID
	commitErr error
	freed     []string
}

func newFakeInventory() *fakeInventory {
	return &fakeInventory{held: make(map[string][]SeatID)}
}

func (f *fakeInventory) Reserve(_ context.Context, _ string, seats []SeatID, holdID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, taken := range f.held {
		for _, a := range taken {
			for _, b := range seats {
				if a == b {
					return fmt.Errorf("seat %s: %w", a, ErrSeatsUnavailable)
				}
			}
		}
	}
	f.held[holdID] = seats
	return nil
}

func (f *fakeInventory) Commit(_ context.Context, holdID, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.commitErr != nil {
		return f.commitErr
	}
	delete(f.held, holdID)
	return nil
}

func (f *fakeInventory) Free(_ context.Context, holdID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.held, holdID)
	f.freed = append(f.freed, holdID)
	return nil
}

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	ch      chan time.Time
	stopped bool
	fired   bool
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Stop() bool {
	active := !t.stopped && !t.fired
	t.stopped = true
	return active
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), ch: make(chan time.Time, 1)}
	c.timers = append(c.timers, t)
	return t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for _, t := range c.timers {
		if !t.fired && !t.stopped && !t.at.After(c.now) {
			t.fired = true
			t.ch <- c.now
		}
	}
}

func TestConfirmRetryableFailureThenExpiry(t *testing.T) {
	defer goleak.VerifyNone(t)

	inv := newFakeInventory()
	clock := &fakeClock{now: time.Date(2024, 5, 1, 19, 0, 0, 0, time.UTC)}
	svc := NewService(inv, WithClock(clock), WithTTL(10*time.Minute))

	ctx := context.Background()
	h, err := svc.Place(ctx, "tour-2024-berlin", "cust-7", []SeatID{"ORCH-C-14", "ORCH-C-15"})
	if err != nil {
		t.Fatalf("Place: %v", err)
	}

	inv.mu.Lock()
	inv.commitErr = fmt.Errorf("row lock timeout: %w", ErrInventoryBusy)
	inv.mu.Unlock()

	_, err = svc.Confirm(ctx, h.ID, "order-1")
	if !errors.Is(err, ErrInventoryBusy) {
		t.Fatalf("Confirm error = %v, want ErrInventoryBusy", err)
	}

	// The customer abandons checkout; the hold runs out.
	clock.Advance(11 * time.Minute)
}
