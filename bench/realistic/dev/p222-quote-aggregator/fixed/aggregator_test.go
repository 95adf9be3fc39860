package quotes

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeFeed struct {
	name       string
	quotes     chan Quote
	subscribed chan []string
}

func (f *fakeFeed) Name() string { return f.name }

func (f *fakeFeed) Subscribe(ctx context.Context, symbols []string) (<-chan Quote, error) {
	f.subscribed <- symbols
	return f.quotes, nil
}

type fakeTicker struct{ c chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.c }

func (t fakeTicker) Stop() {}

type fakeClock struct {
	now  time.Time
	tick chan time.Time
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) NewTicker(time.Duration) Ticker { return fakeTicker{c.tick} }

type fakePublisher struct{ snaps chan Snapshot }

func (p *fakePublisher) Publish(ctx context.Context, s Snapshot) error {
	p.snaps <- s
	return nil
}

func TestHaltedVenueQuoteIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	base := time.Date(2024, 3, 8, 14, 30, 0, 0, time.UTC)
	clock := &fakeClock{now: base, tick: make(chan time.Time)}
	feed := &fakeFeed{name: "XNAS", quotes: make(chan Quote), subscribed: make(chan []string, 1)}
	pub := &fakePublisher{snaps: make(chan Snapshot, 4)}
	rejects := make(chan error, 4)

	agg, err := New(Config{
		Symbols:      []string{"AAPL", "MSFT"},
		Feeds:        []Feed{feed},
		Publisher:    pub,
		MaxSpreadBps: 50,
		Clock:        clock,
		OnReject:     func(venue string, q Quote, err error) { rejects <- err },
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- agg.Run(ctx) }()
	<-feed.subscribed

	// The feed hands quotes over one at a time, so once the MSFT quote has
	// been taken the AAPL quote is in the book.
	feed.quotes <- Quote{Symbol: "AAPL", Bid: 1891000, Ask: 1891200, BidSize: 300, AskSize: 200, Time: base}
	feed.quotes <- Quote{Symbol: "MSFT", Bid: 4150500, Ask: 4151000, BidSize: 100, AskSize: 100, Time: base}
	clock.tick <- base.Add(time.Second)
	snap := <-pub.snaps
	want := NBBO{
		Symbol: "AAPL",
		Bid:    Level{Price: 1891000, Size: 300, Venue: "XNAS"},
		Ask:    Level{Price: 1891200, Size: 200, Venue: "XNAS"},
	}
	if got := snap.Quotes["AAPL"]; got != want {
		t.Fatalf("AAPL NBBO = %+v, want %+v", got, want)
	}

	// The venue halts AAPL and clears both sides of its quote.
	feed.quotes <- Quote{Symbol: "AAPL", Time: base.Add(2 * time.Second)}
	if err := <-rejects; !errors.Is(err, ErrBadQuote) {
		t.Fatalf("halt quote rejected with %v, want ErrBadQuote", err)
	}

	// Trading resumes.
	feed.quotes <- Quote{Symbol: "AAPL", Bid: 1890500, Ask: 1890700, BidSize: 100, AskSize: 400, Time: base.Add(3 * time.Second)}

	cancel()
	if err := <-runErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if n := agg.Rejected(); n != 1 {
		t.Errorf("Rejected() = %d, want 1", n)
	}
}
