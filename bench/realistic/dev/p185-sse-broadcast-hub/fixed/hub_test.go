package ssehub

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// clientConn is a fake streaming ResponseWriter. It accepts okWrites writes
// and fails every write after that, like a connection the client dropped.
type clientConn struct {
	mu       sync.Mutex
	header   http.Header
	status   int
	body     bytes.Buffer
	writes   int
	okWrites int
	flushed  chan struct{}
	wrote    chan string
}

func newClientConn(okWrites int) *clientConn {
	return &clientConn{
		header:   make(http.Header),
		okWrites: okWrites,
		flushed:  make(chan struct{}, 64),
		wrote:    make(chan string, 64),
	}
}

func (c *clientConn) Header() http.Header { return c.header }

func (c *clientConn) WriteHeader(code int) { c.status = code }

func (c *clientConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	if c.okWrites >= 0 && c.writes > c.okWrites {
		return 0, errors.New("write tcp 10.0.0.1:443->10.0.0.7:51812: connection reset by peer")
	}
	c.body.Write(p)
	c.wrote <- string(p)
	return len(p), nil
}

func (c *clientConn) Flush() { c.flushed <- struct{}{} }

func TestLiveEventsUntilDisconnect(t *testing.T) {
	defer goleak.VerifyNone(t)

	hub := New(WithHistory(8), WithHeartbeat(0))
	defer hub.Close()

	ctx, disconnect := context.WithCancel(context.Background())
	req := httptest.NewRequest(http.MethodGet, "/events", nil).WithContext(ctx)
	conn := newClientConn(-1)

	served := make(chan struct{})
	go func() {
		defer close(served)
		hub.ServeHTTP(conn, req)
	}()
	<-conn.flushed // headers sent, subscription registered

	hub.Publish("price", []byte(`{"sku":"A1","cents":1299}`))
	hub.Publish("price", []byte("line one\nline two"))
	first, second := <-conn.wrote, <-conn.wrote
	disconnect()
	<-served

	if conn.header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("Content-Type = %q", conn.header.Get("Content-Type"))
	}
	if want := "id: 1\nevent: price\ndata: {\"sku\":\"A1\",\"cents\":1299}\n\n"; first != want {
		t.Errorf("first event = %q, want %q", first, want)
	}
	if want := "id: 2\nevent: price\ndata: line one\ndata: line two\n\n"; second != want {
		t.Errorf("second event = %q, want %q", second, want)
	}
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("Subscribers() = %d after disconnect, want 0", n)
	}
}

func TestReconnectingClientDropsDuringReplay(t *testing.T) {
	defer goleak.VerifyNone(t)

	hub := New(WithHistory(16), WithHeartbeat(0))
	defer hub.Close()
	for i := 0; i < 10; i++ {
		hub.Publish("tick", []byte(strings.Repeat("x", i+1)))
	}

	// The client resumes from event 4, receives one replayed event and then
	// its connection breaks.
	req := httptest.NewRequest(http.MethodGet, "/events", nil)
	req.Header.Set("Last-Event-ID", "4")
	conn := newClientConn(1)
	hub.ServeHTTP(conn, req)

	if conn.status != http.StatusOK {
		t.Fatalf("status = %d, want 200", conn.status)
	}
	if got := conn.body.String(); !strings.HasPrefix(got, "id: 5\n") {
		t.Errorf("first replayed event = %q, want id 5", got)
	}
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("Subscribers() = %d after broken connection, want 0", n)
	}
}
