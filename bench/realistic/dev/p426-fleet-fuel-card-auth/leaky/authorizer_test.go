package fuelauth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeCards map[string]Card

func (f fakeCards) Card(_ context.Context, pan string) (Card, error) {
	c, ok := f[pan]
	if !ok {
		return Card{}, errors.New("no such card")
	}
	return c, nil
}

type fakeNetwork struct {
	mu       sync.Mutex
	n        int
	captured map[string]int64
	reversed map[string]int64
}

func (f *fakeNetwork) Authorize(_ context.Context, req NetworkRequest) (NetworkResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	return NetworkResponse{Approved: true, AuthCode: fmt.Sprintf("A%04d", f.n)}, nil
}

func (f *fakeNetwork) Capture(_ context.Context, code string, amount int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.captured[code] = amount
	return nil
}

func (f *fakeNetwork) Reverse(_ context.Context, code string, amount int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reversed[code] = amount
	return nil
}

type manualTicker struct{ c chan time.Time }

func (t *manualTicker) C() <-chan time.Time { return t.c }
func (t *manualTicker) Stop()               {}

type fakeClock struct {
	now    time.Time
	ticker *manualTicker
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) NewTicker(time.Duration) Ticker {
	return c.ticker
}

func TestShopPurchaseOverProductLimit(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{
		now:    time.Date(2024, 2, 3, 6, 15, 0, 0, time.UTC),
		ticker: &manualTicker{c: make(chan time.Time)},
	}
	net := &fakeNetwork{captured: map[string]int64{}, reversed: map[string]int64{}}
	cards := fakeCards{
		"7071000012345678": {
			PAN:           "7071000012345678",
			FleetID:       "acme-haulage",
			Active:        true,
			PerTxnLimit:   50000,
			DailyLimit:    150000,
			ProductLimits: map[Product]int64{ProductStore: 2500},
		},
	}
	a, err := New(Config{Cards: cards, Network: net, Clock: clock, HoldTTL: 20 * time.Minute})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer a.Close()
	ctx := context.Background()

	h, err := a.Authorize(ctx, Request{PAN: "7071000012345678", MerchantID: "site-12", Product: ProductDiesel, Amount: 40000})
	if err != nil {
		t.Fatalf("Authorize diesel: %v", err)
	}
	if err := a.Complete(ctx, h.ID, 31250); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if got := net.captured[h.AuthCode]; got != 31250 {
		t.Fatalf("captured %d, want 31250", got)
	}

	_, err = a.Authorize(ctx, Request{PAN: "7071000012345678", MerchantID: "site-12", Product: ProductStore, Amount: 3000})
	if !errors.Is(err, ErrOverProductLimit) {
		t.Fatalf("Authorize store: err = %v, want %v", err, ErrOverProductLimit)
	}

	// The next sweep runs after the declined shop purchase.
	clock.ticker.c <- clock.now.Add(time.Minute)
}
