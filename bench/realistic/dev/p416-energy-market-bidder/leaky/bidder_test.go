package bidder

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

type flatForecast struct{ loadMW float64 }

func (f flatForecast) LoadForecast(_ context.Context, _ string, day time.Time) ([]Interval, error) {
	out := make([]Interval, 24)
	for h := range out {
		out[h] = Interval{Start: day.Add(time.Duration(h) * time.Hour), LoadMW: f.loadMW}
	}
	return out, nil
}

type fakeExchange struct {
	mu        sync.Mutex
	expired   bool
	maxPrice  float64
	next      int
	book      map[string]Bid
	cancelled []string
}

func (x *fakeExchange) SubmitBid(_ context.Context, b Bid) (string, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.expired {
		return "", fmt.Errorf("submit %s: %w", b.ClientRef, ErrSessionExpired)
	}
	if b.LimitEURMWh > x.maxPrice {
		return "", fmt.Errorf("submit %s: %w", b.ClientRef, ErrPriceOutOfBounds)
	}
	x.next++
	id := fmt.Sprintf("ord-%03d", x.next)
	x.book[id] = b
	return id, nil
}

func (x *fakeExchange) CancelOrder(_ context.Context, id string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.expired {
		return ErrSessionExpired
	}
	if _, ok := x.book[id]; !ok {
		return ErrOrderNotFound
	}
	delete(x.book, id)
	x.cancelled = append(x.cancelled, id)
	return nil
}

func TestAuctionAfterSessionExpiry(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2024, 11, 5, 0, 0, 0, 0, time.UTC)
	ex := &fakeExchange{maxPrice: 120, book: map[string]Bid{}}
	cfg := Config{Area: "DE-LU", HedgeRatio: 0.8, BasePrice: 85, PeakPremium: 40, MinVolumeMW: 0.1,
		Concurrency: 3, MaxOrderAge: 20 * time.Minute}
	clock := &fakeClock{t: day.Add(-12 * time.Hour)}
	b, err := New(cfg, flatForecast{loadMW: 42}, ex, clock)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	rep, err := b.RunAuction(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Placed != 12 || rep.Rejected != 12 {
		t.Fatalf("report %+v: want 12 placed off-peak and 12 peak bids rejected", rep)
	}

	clock.set(day.Add(-11 * time.Hour))
	n, err := b.CancelStale(ctx)
	if err != nil || n != 12 || len(b.Orders()) != 0 {
		t.Fatalf("CancelStale = %d, %v; %d orders left", n, err, len(b.Orders()))
	}

	ex.mu.Lock()
	ex.expired = true
	ex.mu.Unlock()
	if _, err := b.RunAuction(ctx, day.Add(24*time.Hour)); !errors.Is(err, ErrSessionExpired) {
		t.Fatalf("auction on expired session: got %v, want ErrSessionExpired", err)
	}
	if len(b.Orders()) != 0 {
		t.Fatalf("orders recorded for failed auction: %v", b.Orders())
	}
}
