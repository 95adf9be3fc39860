package auction

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ c chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               {}

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	ticker *fakeTicker
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, ticker: &fakeTicker{c: make(chan time.Time)}}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return c.ticker }

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// tick advances the clock and blocks until the engine has received the tick.
func (c *fakeClock) tick(t time.Time) {
	c.set(t)
	c.ticker.c <- t
}

type settlement struct {
	auction, winner string
	price           int64
}

type fakeSettler struct {
	mu    sync.Mutex
	calls []settlement
}

func (s *fakeSettler) Settle(_ context.Context, id, winner string, price int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, settlement{id, winner, price})
	return nil
}

func TestEngineClosesAuctions(t *testing.T) {
	defer goleak.VerifyNone(t)

	t0 := time.Date(2023, 11, 24, 20, 0, 0, 0, time.UTC)
	clock := newFakeClock(t0)
	settler := &fakeSettler{}
	results := make(chan Result, 8)
	e := NewEngine(settler,
		WithClock(clock),
		WithSoftClose(2*time.Minute, 2*time.Minute),
		WithResultHook(func(r Result) { results <- r }),
	)

	mustOpen := func(l Listing) {
		t.Helper()
		if err := e.Open(l); err != nil {
			t.Fatal(err)
		}
	}
	mustOpen(Listing{ID: "camera", Seller: "sam", StartBid: 5000, Reserve: 10000, Increment: 500, ClosesAt: t0.Add(10 * time.Minute)})
	mustOpen(Listing{ID: "lamp", Seller: "sam", StartBid: 1000, Increment: 100, ClosesAt: t0.Add(20 * time.Minute)})

	clock.set(t0.Add(time.Minute))
	if _, err := e.PlaceBid("camera", "alice", 6000); err != nil {
		t.Fatal(err)
	}
	if _, err := e.PlaceBid("camera", "bob", 6200); !errors.Is(err, ErrBidTooLow) {
		t.Fatalf("low bid error = %v", err)
	}

	// A late bid pushes the close out.
	clock.set(t0.Add(9*time.Minute + 30*time.Second))
	closes, err := e.PlaceBid("camera", "bob", 12000)
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(11*time.Minute + 30*time.Second); !closes.Equal(want) {
		t.Fatalf("closes at %v, want %v", closes, want)
	}

	clock.tick(t0.Add(11 * time.Minute))
	clock.tick(t0.Add(12 * time.Minute))
	r := <-results
	if r.AuctionID != "camera" || r.Status != StatusSold || r.Winner != "bob" || r.Price != 12000 {
		t.Fatalf("camera result = %+v", r)
	}
	if _, err := e.PlaceBid("camera", "alice", 13000); !errors.Is(err, ErrAuctionClosed) {
		t.Fatalf("bid after close error = %v", err)
	}

	clock.tick(t0.Add(20 * time.Minute))
	r = <-results
	if r.AuctionID != "lamp" || r.Status != StatusUnsold {
		t.Fatalf("lamp result = %+v", r)
	}

	e.Close()

	settler.mu.Lock()
	defer settler.mu.Unlock()
	if len(settler.calls) != 1 || settler.calls[0] != (settlement{"camera", "bob", 12000}) {
		t.Fatalf("settlements = %+v", settler.calls)
	}
}
