package proxypool

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	addr   string
	mu     sync.Mutex
	closed bool
}

func (c *fakeConn) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errors.New("use of closed connection")
	}
	return &Response{Status: 200, Body: []byte(c.addr + req.Path)}, nil
}

func (c *fakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}

// fakeDialer hands out fakeConns and reports every dial on dials.
type fakeDialer struct{ dials chan string }

func (d *fakeDialer) Dial(ctx context.Context, addr string) (Conn, error) {
	select {
	case d.dials <- addr:
	default:
	}
	return &fakeConn{addr: addr}, nil
}

type fakeChecker struct {
	mu   sync.Mutex
	down map[string]bool
}

func (c *fakeChecker) Check(ctx context.Context, addr string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.down[addr] {
		return errors.New("503 from /healthz")
	}
	return nil
}

// fakeClock's ticker only ticks when the test sends on it.
type fakeClock struct{ tick chan time.Time }

func (c *fakeClock) NewTicker(d time.Duration) Ticker { return fakeTicker{c.tick} }

type fakeTicker struct{ c chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.c }
func (t fakeTicker) Stop()               {}

func TestUnhealthyBackendLeavesRotation(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := &fakeClock{tick: make(chan time.Time)}
	checker := &fakeChecker{down: map[string]bool{"b:80": true}}
	p, err := New(Config{
		Dialer:        &fakeDialer{dials: make(chan string, 16)},
		Checker:       checker,
		Clock:         clk,
		FailThreshold: 1,
	}, "a:80", "b:80")
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer p.Close()

	// The second tick is only received once the first round has finished.
	clk.tick <- time.Now()
	clk.tick <- time.Now()

	for i := 0; i < 4; i++ {
		resp, err := p.RoundTrip(context.Background(), &Request{Method: "GET", Path: "/"})
		if err != nil {
			t.Fatalf("RoundTrip: %v", err)
		}
		if got := string(resp.Body); got != "a:80/" {
			t.Fatalf("request %d served by %q, want a:80", i, got)
		}
	}
}

func TestReloadDropsBackend(t *testing.T) {
	defer goleak.VerifyNone(t)

	dialer := &fakeDialer{dials: make(chan string, 16)}
	p, err := New(Config{
		Dialer:  dialer,
		Checker: &fakeChecker{},
		Clock:   &fakeClock{tick: make(chan time.Time)},
		MinIdle: 1,
	}, "a:80", "b:80")
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	// Wait until both backends have a warm connection.
	warmed := map[string]bool{}
	for len(warmed) < 2 {
		warmed[<-dialer.dials] = true
	}

	p.SetBackends([]string{"a:80"})
	for i := 0; i < 3; i++ {
		resp, err := p.RoundTrip(context.Background(), &Request{Method: "GET", Path: "/x"})
		if err != nil {
			t.Fatalf("RoundTrip: %v", err)
		}
		if got := string(resp.Body); got != "a:80/x" {
			t.Fatalf("request %d served by %q after reload", i, got)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
