package odds

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSub struct {
	updates chan RawQuote
	mu      sync.Mutex
	closed  bool
}

func (s *fakeSub) Updates() <-chan RawQuote { return s.updates }
func (s *fakeSub) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// fakeFeed replays a fixed list of quotes and then ends the stream.
type fakeFeed struct {
	name   string
	err    error
	quotes []RawQuote
	sub    *fakeSub
}

func (f *fakeFeed) Name() string { return f.name }

func (f *fakeFeed) Subscribe(ctx context.Context, sports []string) (Subscription, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.sub = &fakeSub{updates: make(chan RawQuote, len(f.quotes))}
	for _, q := range f.quotes {
		f.sub.updates <- q
	}
	close(f.sub.updates)
	return f.sub, nil
}

type chanPublisher struct {
	changes chan PriceChange
}

func (p *chanPublisher) Publish(ctx context.Context, c PriceChange) error {
	p.changes <- c
	return nil
}

func TestRunSkipsUnavailableBookmaker(t *testing.T) {
	defer goleak.VerifyNone(t)

	at := time.Date(2024, 5, 25, 15, 0, 0, 0, time.UTC)
	betfair := &fakeFeed{name: "betfair", quotes: []RawQuote{
		{EventID: "EPL-0412", Market: "Match Odds", Selection: "HOME", Price: "2.50", Format: Decimal, At: at},
		{EventID: "EPL-0412", Market: "Match Odds", Selection: "HOME", Price: "2.50", Format: Decimal, At: at},
		{EventID: "EPL-0412", Market: "1X2", Selection: "HOME", Price: "5/2", Format: Fractional, At: at},
		{EventID: "EPL-0412", Market: "Match  odds", Selection: "AWAY", Price: "+150", Format: American, At: at},
		{EventID: "EPL-0412", Market: "Total Corners 9.5", Selection: "OVER", Price: "1.90", Format: Decimal, At: at},
		{EventID: "EPL-0412", Market: "Full Time Result", Selection: "HOME", Suspended: true, At: at},
	}}
	pinnacle := &fakeFeed{name: "pinnacle", err: errors.New("403 Forbidden: API key expired")}
	pub := &chanPublisher{changes: make(chan PriceChange, 16)}

	in, err := New(Config{
		Feeds:     []Feed{pinnacle, betfair},
		Sports:    []string{"soccer"},
		Publisher: pub,
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()

	want := []PriceChange{
		{Bookmaker: "betfair", EventID: "EPL-0412", Market: MatchResult, Selection: "HOME", Old: 0, New: 2.5, At: at},
		{Bookmaker: "betfair", EventID: "EPL-0412", Market: MatchResult, Selection: "HOME", Old: 2.5, New: 3.5, At: at},
		{Bookmaker: "betfair", EventID: "EPL-0412", Market: MatchResult, Selection: "AWAY", Old: 0, New: 2.5, At: at},
		{Bookmaker: "betfair", EventID: "EPL-0412", Market: MatchResult, Selection: "HOME", Old: 3.5, New: 0, At: at},
	}
	for i, w := range want {
		if got := <-pub.changes; got != w {
			t.Fatalf("change %d = %+v, want %+v", i, got, w)
		}
	}

	cancel()
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
	if s := in.Stats(); s.Quotes != 6 || s.Published != 4 || s.Rejected != 1 {
		t.Fatalf("stats = %+v", s)
	}
}

func TestRunAllFeedsDown(t *testing.T) {
	in, err := New(Config{
		Feeds:     []Feed{&fakeFeed{name: "pinnacle", err: errors.New("connection refused")}},
		Publisher: &chanPublisher{changes: make(chan PriceChange, 1)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Run(context.Background()); !errors.Is(err, ErrNoFeeds) {
		t.Fatalf("Run = %v, want %v", err, ErrNoFeeds)
	}
}

func TestDecimalPrice(t *testing.T) {
	cases := []struct {
		price  string
		format PriceFormat
		want   float64
	}{
		{"1.91", Decimal, 1.91},
		{"6/4", Fractional, 2.5},
		{"-110", American, 1.909},
		{"+250", American, 3.5},
	}
	for _, c := range cases {
		got, err := decimalPrice(c.price, c.format)
		if err != nil || got != c.want {
			t.Errorf("decimalPrice(%q) = %v, %v; want %v", c.price, got, err, c.want)
		}
	}
	if _, err := decimalPrice("0.95", Decimal); !errors.Is(err, ErrBadQuote) {
		t.Errorf("sub-evens decimal accepted: %v", err)
	}
}
