package health

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct {
	ch      chan time.Time
	mu      sync.Mutex
	stopped bool
}

func (t *fakeTicker) C() <-chan time.Time { return t.ch }

func (t *fakeTicker) Stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
}

type fakeClock struct {
	now     time.Time
	tickers chan *fakeTicker
}

func newFakeClock() *fakeClock {
	return &fakeClock{
		now:     time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
		tickers: make(chan *fakeTicker, 8),
	}
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) NewTicker(time.Duration) Ticker {
	t := &fakeTicker{ch: make(chan time.Time)}
	c.tickers <- t
	return t
}

// flakyDB answers the first probe and then hangs until the probe's context
// is done, like a database that stopped accepting connections.
type flakyDB struct {
	mu      sync.Mutex
	calls   int
	hanging chan struct{}
}

func (d *flakyDB) Check(ctx context.Context) error {
	d.mu.Lock()
	d.calls++
	n := d.calls
	d.mu.Unlock()
	if n == 1 {
		return nil
	}
	close(d.hanging)
	<-ctx.Done()
	return ctx.Err()
}

func TestStopWhileProbeInFlight(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := newFakeClock()
	p := New(
		WithClock(clock),
		WithDefaultInterval(5*time.Second),
		WithDefaultTimeout(time.Minute),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	db := &flakyDB{hanging: make(chan struct{})}
	if err := p.Register(Check{Name: "postgres", Checker: db}); err != nil {
		t.Fatalf("Register: %v", err)
	}
	if err := p.Register(Check{Name: "postgres", Checker: db}); !errors.Is(err, ErrDuplicateCheck) {
		t.Fatalf("second Register = %v, want ErrDuplicateCheck", err)
	}

	changes := make(chan StatusChange, 4)
	remove := p.OnStatusChange(func(c StatusChange) { changes <- c })
	defer remove()

	p.Start()
	ticker := <-clock.tickers

	got := <-changes
	if got.Check != "postgres" || got.From != StatusUnknown || got.To != StatusHealthy {
		t.Fatalf("first change = %+v, want postgres unknown -> healthy", got)
	}
	if s := p.Status(); s != StatusHealthy {
		t.Fatalf("Status = %v, want healthy", s)
	}

	ticker.ch <- clock.now.Add(5 * time.Second)
	<-db.hanging

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := p.Stop(ctx); err != nil {
		t.Errorf("Stop: %v", err)
	}

	if s, _, ok := p.Lookup("postgres"); !ok || s != StatusHealthy {
		t.Errorf("Lookup(postgres) = %v, %v; want healthy (cancelled probe ignored)", s, ok)
	}
	select {
	case c := <-changes:
		t.Errorf("unexpected status change after Stop: %+v", c)
	default:
	}
	ticker.mu.Lock()
	stopped := ticker.stopped
	ticker.mu.Unlock()
	if !stopped {
		t.Error("ticker was not stopped")
	}
}
