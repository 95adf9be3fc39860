package rpcclient

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// instantClock reports real time but never makes the client wait.
type instantClock struct {
	mu     sync.Mutex
	waited []time.Duration
}

func (c *instantClock) Now() time.Time { return time.Now() }

func (c *instantClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.waited = append(c.waited, d)
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- time.Now()
	return ch
}

// connResetError mimics the error a transport reports when a pooled
// connection turns out to be dead as soon as it is written to.
type connResetError struct{}

func (connResetError) Error() string   { return "write: connection reset by peer" }
func (connResetError) Temporary() bool { return true }

type transferArgs struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Amount int    `json:"amount"`
}

type transferReply struct {
	Balance int `json:"balance"`
}

// stalePoolTransport fails the first request on a dead pooled connection
// and then serves requests like a healthy server.
type stalePoolTransport struct {
	mu      sync.Mutex
	headers []map[string]string
	got     []transferArgs
}

func (t *stalePoolTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	t.mu.Lock()
	t.headers = append(t.headers, req.Header)
	first := len(t.headers) == 1
	t.mu.Unlock()
	if first {
		return nil, connResetError{}
	}

	var args transferArgs
	if err := json.NewDecoder(req.Body).Decode(&args); err != nil {
		return &Response{Code: CodeInvalidArgument, Body: io.NopCloser(strings.NewReader(err.Error()))}, nil
	}
	if _, err := io.Copy(io.Discard, req.Body); err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.got = append(t.got, args)
	t.mu.Unlock()
	return &Response{Code: CodeOK, Body: io.NopCloser(strings.NewReader(`{"balance": 58}` + "\n"))}, nil
}

func TestCallRetriesAfterConnectionReset(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &instantClock{}
	tr := &stalePoolTransport{}
	c := New(tr, Options{MaxAttempts: 3, BaseBackoff: 20 * time.Millisecond, Clock: clock})

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	var reply transferReply
	err := c.Call(ctx, "Ledger.Transfer", transferArgs{From: "acct-1", To: "acct-2", Amount: 42}, &reply)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	if reply.Balance != 58 {
		t.Fatalf("reply balance = %d, want 58", reply.Balance)
	}

	if len(tr.headers) != 2 {
		t.Fatalf("transport saw %d attempts, want 2", len(tr.headers))
	}
	if got := tr.headers[1][HeaderAttempt]; got != "2" {
		t.Fatalf("second request has %s=%q, want 2", HeaderAttempt, got)
	}
	timeout, err := ParseTimeout(tr.headers[1][HeaderTimeout])
	if err != nil {
		t.Fatalf("propagated timeout: %v", err)
	}
	if timeout <= 0 || timeout > 2*time.Second {
		t.Fatalf("propagated timeout %v, want within the caller's 2s budget", timeout)
	}
	if len(tr.got) != 1 || tr.got[0].Amount != 42 {
		t.Fatalf("server received %+v, want one transfer of 42", tr.got)
	}
	if len(clock.waited) != 1 || clock.waited[0] != 20*time.Millisecond {
		t.Fatalf("backoff waits %v, want [20ms]", clock.waited)
	}
}
