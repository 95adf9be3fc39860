package failover

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

type manualTicker struct {
	ch      chan time.Time
	stopped chan struct{}
	once    sync.Once
}

func (t *manualTicker) C() <-chan time.Time { return t.ch }
func (t *manualTicker) Stop()               { t.once.Do(func() { close(t.stopped) }) }

// manualClock hands out tickers that only fire when the test says so.
type manualClock struct {
	mu      sync.Mutex
	tickers []*manualTicker
}

func (c *manualClock) NewTicker(time.Duration) Ticker {
	t := &manualTicker{ch: make(chan time.Time), stopped: make(chan struct{})}
	c.mu.Lock()
	c.tickers = append(c.tickers, t)
	c.mu.Unlock()
	return t
}

func (c *manualClock) ticker(i int) *manualTicker {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tickers[i]
}

type fakeChecker struct {
	mu   sync.Mutex
	down map[string]bool
}

func (f *fakeChecker) setDown(addr string) {
	f.mu.Lock()
	f.down[addr] = true
	f.mu.Unlock()
}

func (f *fakeChecker) Check(_ context.Context, ep Endpoint) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down[ep.Address] {
		return errors.New("GET /healthz: connection refused")
	}
	return nil
}

type fakeDNS struct {
	updates chan string
}

func (d *fakeDNS) SetA(_ context.Context, _, addr string, _ time.Duration) error {
	d.updates <- addr
	return nil
}

func expectRecord(t *testing.T, dns *fakeDNS, want string) {
	t.Helper()
	select {
	case got := <-dns.updates:
		if got != want {
			t.Fatalf("record set to %s, want %s", got, want)
		}
	default:
		t.Fatalf("record not updated, want %s", want)
	}
}

func TestFailoverThenPrimaryReaddressed(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &manualClock{}
	checker := &fakeChecker{down: make(map[string]bool)}
	dns := &fakeDNS{updates: make(chan string, 8)}
	c, err := New(Config{
		FQDN:          "api.example.com.",
		FallThreshold: 1,
		RiseThreshold: 1,
		Checker:       checker,
		DNS:           dns,
		Clock:         clock,
		Logger:        log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	primary := Endpoint{Name: "fra-1", Address: "192.0.2.10", Priority: 1}
	secondary := Endpoint{Name: "ams-1", Address: "198.51.100.20", Priority: 2}
	if err := c.SetEndpoints(ctx, []Endpoint{primary, secondary}); err != nil {
		t.Fatalf("SetEndpoints: %v", err)
	}
	expectRecord(t, dns, primary.Address)

	// The primary fails its probe: the record flips to the secondary.
	checker.setDown(primary.Address)
	clock.ticker(0).ch <- time.Now()
	got := <-dns.updates
	if got != secondary.Address {
		t.Fatalf("record set to %s after primary failure, want %s", got, secondary.Address)
	}

	// Ops move the primary to a new address; it is preferred again.
	primary.Address = "192.0.2.77"
	if err := c.SetEndpoints(ctx, []Endpoint{primary, secondary}); err != nil {
		t.Fatalf("SetEndpoints: %v", err)
	}
	expectRecord(t, dns, primary.Address)
	if p := c.Published(); p != primary.Address {
		t.Fatalf("Published() = %s, want %s", p, primary.Address)
	}

	c.Close()
}
