package kiosk

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeStore struct{ slots []Slot }

func (f *fakeStore) LoadSlots(ctx context.Context, day time.Time) ([]Slot, error) {
	return f.slots, nil
}

type fakeGate struct{ pushed []Pass }

func (f *fakeGate) PushPasses(ctx context.Context, passes []Pass) error {
	f.pushed = append(f.pushed, passes...)
	return nil
}

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

type waitObserver struct{ depth chan int }

func (o *waitObserver) WaitlistDepth(slotID string, depth int) {
	select {
	case o.depth <- depth:
	default:
	}
}

func (o *waitObserver) HoldExpired(Hold) {}

func TestWaitlistedVisitorOnShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	day := time.Date(2024, 5, 18, 0, 0, 0, 0, time.UTC)
	store := &fakeStore{slots: []Slot{
		{ID: "10:00", Start: day.Add(10 * time.Hour), Capacity: 2},
		{ID: "10:30", Start: day.Add(10*time.Hour + 30*time.Minute), Capacity: 40},
	}}
	gate := &fakeGate{}
	obs := &waitObserver{depth: make(chan int, 1)}
	k, err := New(ctx, store, gate, day,
		WithClock(&fakeClock{now: day.Add(9 * time.Hour)}),
		WithObserver(obs),
		WithHoldTTL(5*time.Minute),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	h, err := k.HoldSeats(ctx, "10:00", 2)
	if err != nil {
		t.Fatalf("HoldSeats: %v", err)
	}
	if _, err := k.Checkout(ctx, h.ID); err != nil {
		t.Fatalf("Checkout: %v", err)
	}
	if _, err := k.HoldSeats(ctx, "10:00", 1); !errors.Is(err, ErrSoldOut) {
		t.Fatalf("HoldSeats on full slot: got %v, want ErrSoldOut", err)
	}
	if n, err := k.SyncTurnstiles(ctx); err != nil || n != 1 {
		t.Fatalf("SyncTurnstiles = %d, %v; want 1, nil", n, err)
	}

	outcome := make(chan error, 1)
	if err := k.JoinWaitlist("10:00", 1, func(_ Hold, err error) { outcome <- err }); err != nil {
		t.Fatalf("JoinWaitlist: %v", err)
	}
	if d := <-obs.depth; d != 1 {
		t.Fatalf("waitlist depth = %d, want 1", d)
	}

	if err := k.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := k.HoldSeats(ctx, "10:30", 1); !errors.Is(err, ErrClosed) {
		t.Fatalf("HoldSeats after Close: got %v, want ErrClosed", err)
	}
}
