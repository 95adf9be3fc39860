package auction

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeBidder struct {
	id      string
	formats []Format
	price   int64
}

func (b *fakeBidder) ID() string        { return b.id }
func (b *fakeBidder) Formats() []Format { return b.formats }
func (b *fakeBidder) Bid(ctx context.Context, req BidRequest) (*Bid, error) {
	return &Bid{CreativeID: b.id + "-cr1", PriceMicros: b.price}, nil
}

// fakeClock hands out a single deadline channel that the test fires.
type fakeClock struct {
	now      time.Time
	deadline chan time.Time
}

func (c *fakeClock) Now() time.Time                       { return c.now }
func (c *fakeClock) After(time.Duration) <-chan time.Time { return c.deadline }

func (c *fakeClock) fire() {
	select {
	case c.deadline <- c.now:
	default:
	}
}

// deadlineAfter fires the clock's deadline once n responses were observed, so
// the auction never waits on wall-clock time.
type deadlineAfter struct {
	mu    sync.Mutex
	n     int
	seen  int
	skips []string
	clock *fakeClock
}

func (m *deadlineAfter) ObserveResponse(id string, o Outcome, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen++
	if m.seen == m.n {
		m.clock.fire()
	}
}

func (m *deadlineAfter) ObserveSkip(id, reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.skips = append(m.skips, id+":"+reason)
}

func TestBannerAuctionSkipsVideoOnlyBidder(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Unix(1700000000, 0), deadline: make(chan time.Time, 1)}
	metrics := &deadlineAfter{n: 2, clock: clock}
	bidders := []Bidder{
		&fakeBidder{id: "dsp-a", formats: []Format{FormatBanner, FormatVideo}, price: 2_500_000},
		&fakeBidder{id: "dsp-b", formats: []Format{FormatBanner}, price: 1_800_000},
		&fakeBidder{id: "dsp-video", formats: []Format{FormatVideo}, price: 9_000_000},
	}
	ex, err := NewExchange(Config{Timeout: 80 * time.Millisecond}, bidders,
		WithClock(clock), WithMetrics(metrics))
	if err != nil {
		t.Fatal(err)
	}

	res, err := ex.RunAuction(context.Background(), BidRequest{
		ID:          "req-1",
		Slot:        Slot{ID: "top", Format: FormatBanner, Width: 728, Height: 90},
		FloorMicros: 1_000_000,
		Country:     "DE",
	})
	if err != nil {
		t.Fatalf("RunAuction: %v", err)
	}
	if res.Winner == nil || res.Winner.BidderID != "dsp-a" {
		t.Fatalf("winner = %+v, want dsp-a", res.Winner)
	}
	if res.ClearingMicros != 1_810_000 {
		t.Fatalf("clearing price = %d, want 1810000", res.ClearingMicros)
	}
	if len(res.Bids) != 2 {
		t.Fatalf("got %d bids, want 2", len(res.Bids))
	}
	metrics.mu.Lock()
	skips := metrics.skips
	metrics.mu.Unlock()
	if len(skips) != 1 || skips[0] != "dsp-video:format" {
		t.Fatalf("skips = %v", skips)
	}
}
