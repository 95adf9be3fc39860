package pricefeed

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSub struct {
	quotes chan RawQuote
	mu     sync.Mutex
	closed bool
}

func (s *fakeSub) Next(ctx context.Context) (RawQuote, error) {
	select {
	case q := <-s.quotes:
		return q, nil
	case <-ctx.Done():
		return RawQuote{}, ctx.Err()
	}
}

func (s *fakeSub) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

func (s *fakeSub) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

type fakeFeed struct {
	venue string
	sub   *fakeSub
	err   error
}

func (f *fakeFeed) Venue() string { return f.venue }

func (f *fakeFeed) Subscribe(ctx context.Context, symbols []string) (Subscription, error) {
	if f.err != nil {
		return nil, f.err
	}
	return f.sub, nil
}

type recordingPublisher struct {
	mu    sync.Mutex
	snaps []Snapshot
}

func (p *recordingPublisher) Publish(ctx context.Context, snap Snapshot) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.snaps = append(p.snaps, snap)
	return nil
}

var errAuth = errors.New("venue rejected credentials")

func TestRunFailsWhenAVenueRejectsSubscription(t *testing.T) {
	defer goleak.VerifyNone(t)

	good := &fakeFeed{venue: "XNAS", sub: &fakeSub{quotes: make(chan RawQuote)}}
	bad := &fakeFeed{venue: "BATS", err: errAuth}
	pub := &recordingPublisher{}

	n, err := New(Config{
		Instruments: []Instrument{
			{Venue: "XNAS", Symbol: "AAPL", Name: "AAPL.US", TickSize: 0.01},
			{Venue: "BATS", Symbol: "AAPLb", Name: "AAPL.US", TickSize: 0.0001},
		},
		Feeds:       []Feed{good, bad},
		Publisher:   pub,
		MaxQuoteAge: time.Second,
		Now:         func() time.Time { return time.Date(2023, 3, 1, 14, 30, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	err = n.Run(context.Background())
	if !errors.Is(err, errAuth) {
		t.Fatalf("Run error = %v, want %v", err, errAuth)
	}
	if !good.sub.isClosed() {
		t.Fatalf("subscription on %s left open", good.venue)
	}
}
