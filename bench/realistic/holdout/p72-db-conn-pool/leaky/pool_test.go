package pool

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	id     int
	mu     sync.Mutex
	closed bool
}

func (c *fakeConn) Ping(context.Context) error { return nil }

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

type fakeDB struct {
	mu    sync.Mutex
	conns []*fakeConn
}

func (db *fakeDB) Connect(context.Context) (RawConn, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	c := &fakeConn{id: len(db.conns) + 1}
	db.conns = append(db.conns, c)
	return c, nil
}

type fakeTicker struct{ ch chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.ch }
func (t fakeTicker) Stop()               {}

type fakeClock struct{ now time.Time }

func (c fakeClock) Now() time.Time                 { return c.now }
func (c fakeClock) NewTicker(time.Duration) Ticker { return fakeTicker{ch: make(chan time.Time)} }

func TestCloseFailsWaiters(t *testing.T) {
	defer goleak.VerifyNone(t)

	db := &fakeDB{}
	p := New(db, Config{
		MaxOpen:     1,
		MaxIdleTime: time.Minute,
		Clock:       fakeClock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	})

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	held, err := p.Get(ctx)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}

	waitErr := make(chan error, 1)
	go func() {
		c, err := p.Get(ctx)
		if c != nil {
			c.Release()
		}
		waitErr <- err
	}()
	for p.Stats().Waiting == 0 {
		runtime.Gosched()
	}

	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-waitErr; !errors.Is(err, ErrPoolClosed) {
		t.Fatalf("waiting Get = %v, want ErrPoolClosed", err)
	}

	held.Release()
	if st := p.Stats(); st.Open != 0 || st.Idle != 0 || st.WaitCount != 1 {
		t.Errorf("Stats after close = %+v", st)
	}
	if _, err := p.Get(ctx); !errors.Is(err, ErrPoolClosed) {
		t.Errorf("Get after Close = %v, want ErrPoolClosed", err)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if len(db.conns) != 1 || !db.conns[0].isClosed() {
		t.Errorf("connections = %d, first closed = %v; want 1 closed", len(db.conns), len(db.conns) > 0 && db.conns[0].isClosed())
	}
}
