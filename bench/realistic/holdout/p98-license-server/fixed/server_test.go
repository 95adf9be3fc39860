package license

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

// fakeClock is a manually advanced clock whose single ticker fires only when
// the test calls Tick.
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

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Tick delivers one tick and returns once the server has received it.
func (c *fakeClock) Tick() { c.ticker.c <- c.Now() }

type fakeMetrics struct {
	queued  chan string
	expired chan Lease
}

func (m *fakeMetrics) SeatsInUse(string, int) {}

func (m *fakeMetrics) QueueDepth(feature string, n int) {
	if n > 0 {
		select {
		case m.queued <- feature:
		default:
		}
	}
}

func (m *fakeMetrics) Expired(l Lease) {
	select {
	case m.expired <- l:
	default:
	}
}

func TestWaitingCheckoutGetsExpiredSeat(t *testing.T) {
	defer goleak.VerifyNone(t)

	// The client session context lives as long as the connection.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	clock := newFakeClock(time.Date(2023, 9, 1, 8, 0, 0, 0, time.UTC))
	metrics := &fakeMetrics{queued: make(chan string, 1), expired: make(chan Lease, 1)}
	srv, err := New(map[string]int{"cad-pro": 1},
		WithClock(clock),
		WithMetrics(metrics),
		WithLeaseTTL(time.Minute),
		WithReapInterval(15*time.Second),
	)
	if err != nil {
		t.Fatal(err)
	}

	first, err := srv.Checkout(ctx, Request{Feature: "cad-pro", Client: "ws-17"})
	if err != nil {
		t.Fatalf("first checkout: %v", err)
	}
	if _, err := srv.Checkout(ctx, Request{Feature: "cad-pro", Client: "ws-18"}); !errors.Is(err, ErrNoSeats) {
		t.Fatalf("non-waiting checkout error = %v, want ErrNoSeats", err)
	}

	type result struct {
		lease Lease
		err   error
	}
	got := make(chan result, 1)
	go func() {
		l, err := srv.Checkout(ctx, Request{Feature: "cad-pro", Client: "ws-18", Wait: true})
		got <- result{l, err}
	}()
	<-metrics.queued

	// ws-17 stops sending heartbeats; its lease expires on the next sweep.
	clock.Advance(2 * time.Minute)
	clock.Tick()
	if l := <-metrics.expired; l.ID != first.ID {
		t.Fatalf("expired lease %s, want %s", l.ID, first.ID)
	}

	r := <-got
	if r.err != nil {
		t.Fatalf("waiting checkout: %v", r.err)
	}
	if r.lease.Client != "ws-18" {
		t.Fatalf("lease granted to %q, want ws-18", r.lease.Client)
	}
	if _, err := srv.Heartbeat(first.ID); !errors.Is(err, ErrUnknownLease) {
		t.Fatalf("heartbeat on expired lease error = %v, want ErrUnknownLease", err)
	}
	if err := srv.Release(r.lease.ID); err != nil {
		t.Fatalf("release: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}
