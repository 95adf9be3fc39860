package gateway

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanFeed chan Quote

func (f chanFeed) Next(ctx context.Context) (Quote, error) {
	select {
	case q, ok := <-f:
		if !ok {
			return Quote{}, ErrFeedClosed
		}
		return q, nil
	case <-ctx.Done():
		return Quote{}, ctx.Err()
	}
}

type fakeConn struct {
	msgs      chan []byte
	closed    chan struct{}
	closeOnce sync.Once
}

func newFakeConn() *fakeConn {
	return &fakeConn{msgs: make(chan []byte, 16), closed: make(chan struct{})}
}

func (c *fakeConn) WriteMessage(data []byte) error {
	c.msgs <- data
	return nil
}

func (c *fakeConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return nil
}

func readQuote(t *testing.T, c *fakeConn) Quote {
	t.Helper()
	var f frame
	if err := json.Unmarshal(<-c.msgs, &f); err != nil {
		t.Fatalf("decode frame: %v", err)
	}
	if f.Type != "quote" {
		t.Fatalf("frame type = %q, want quote", f.Type)
	}
	return f.Quote
}

func TestReconnectResumesSubscriptions(t *testing.T) {
	defer goleak.VerifyNone(t)

	g := New(Config{SendBuffer: 8, MaxSymbols: 10})
	first := newFakeConn()
	if err := g.Attach("sess-1", first); err != nil {
		t.Fatalf("Attach: %v", err)
	}
	if err := g.Subscribe("sess-1", "aapl", "msft"); err != nil {
		t.Fatalf("Subscribe: %v", err)
	}

	feed := make(chanFeed)
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- g.Run(ctx, feed) }()

	now := time.Date(2024, 3, 1, 14, 30, 0, 0, time.UTC)
	feed <- Quote{Symbol: "AAPL", Bid: 180.1, Ask: 180.2, Last: 180.15, Time: now}
	if q := readQuote(t, first); q.Symbol != "AAPL" || q.Last != 180.15 {
		t.Fatalf("first connection got %+v", q)
	}

	// The client reconnects with the same session before the gateway
	// noticed the old connection was gone.
	second := newFakeConn()
	if err := g.Attach("sess-1", second); err != nil {
		t.Fatalf("re-Attach: %v", err)
	}
	feed <- Quote{Symbol: "msft", Bid: 410, Ask: 410.5, Last: 410.2, Time: now.Add(time.Second)}
	if q := readQuote(t, second); q.Symbol != "MSFT" {
		t.Fatalf("second connection got %+v", q)
	}

	cancel()
	if err := <-runErr; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := g.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	<-second.closed

	if pub, drop := g.Stats(); pub != 2 || drop != 0 {
		t.Fatalf("Stats = %d published, %d dropped; want 2, 0", pub, drop)
	}
	if err := g.Attach("sess-2", newFakeConn()); err != ErrClosed {
		t.Fatalf("Attach after Close = %v, want ErrClosed", err)
	}
}
