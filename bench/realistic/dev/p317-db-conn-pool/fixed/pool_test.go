package connpool

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	id int

	mu      sync.Mutex
	pingErr error
	pings   int
	closed  bool
}

func (c *fakeConn) Ping(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pings++
	return c.pingErr
}

func (c *fakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errors.New("already closed")
	}
	c.closed = true
	return nil
}

func (c *fakeConn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// fakeDialer hands out numbered fakeConns and reports every dial on dialed.
type fakeDialer struct {
	mu     sync.Mutex
	conns  []*fakeConn
	dialed chan *fakeConn
}

func newFakeDialer() *fakeDialer {
	return &fakeDialer{dialed: make(chan *fakeConn, 16)}
}

func (d *fakeDialer) Dial(ctx context.Context) (Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d.mu.Lock()
	c := &fakeConn{id: len(d.conns) + 1}
	d.conns = append(d.conns, c)
	d.mu.Unlock()
	d.dialed <- c
	return c, nil
}

func (d *fakeDialer) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.conns)
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestWarmPoolHealthCheckAndClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	dialer := newFakeDialer()
	clock := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	p, err := New(Config{
		Dialer:           dialer,
		MaxOpen:          1,
		MinIdle:          1,
		HealthCheckAfter: time.Minute,
		Clock:            clock,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	// The maintainer warms up one connection on its own.
	warm := <-dialer.dialed

	ctx := context.Background()
	pc, err := p.Get(ctx)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if pc.Conn != warm {
		t.Fatalf("Get returned conn %d, want the warm conn %d", pc.Conn.(*fakeConn).id, warm.id)
	}
	p.Put(pc)

	// After sitting idle for a while the connection is pinged on checkout.
	clock.Advance(2 * time.Minute)
	pc, err = p.Get(ctx)
	if err != nil {
		t.Fatalf("second Get: %v", err)
	}
	if warm.pings != 1 {
		t.Fatalf("pings = %d, want 1", warm.pings)
	}
	p.Put(pc)

	if got := dialer.count(); got != 1 {
		t.Fatalf("dialed %d connections, want 1", got)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if !warm.isClosed() {
		t.Fatal("idle connection not closed by Close")
	}
	if _, err := p.Get(ctx); !errors.Is(err, ErrClosed) {
		t.Fatalf("Get after Close: err = %v, want ErrClosed", err)
	}
}
