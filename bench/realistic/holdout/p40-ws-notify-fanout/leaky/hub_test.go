package notify

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	mu     sync.Mutex
	got    []string
	closed int
}

func (c *fakeConn) WriteMessage(ctx context.Context, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, string(data))
	return nil
}

func (c *fakeConn) Close(code int, reason string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed == 0 {
		c.closed = code
	}
	return nil
}

func (c *fakeConn) messages() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.got...)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(200 * time.Millisecond)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestUnsubscribedClientStopsReceiving(t *testing.T) {
	defer goleak.VerifyNone(t)

	h := NewHub(WithBuffer(4), WithWriteTimeout(50*time.Millisecond))
	defer h.Close()

	alice, bob := &fakeConn{}, &fakeConn{}
	subA, err := h.Subscribe(alice, "orders")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Subscribe(bob, "orders"); err != nil {
		t.Fatal(err)
	}

	if n := h.Publish("orders", []byte("o-1")); n != 2 {
		t.Fatalf("first publish reached %d subscribers, want 2", n)
	}
	waitFor(t, func() bool { return len(alice.messages()) == 1 && len(bob.messages()) == 1 })

	if err := subA.Close(); err != nil {
		t.Fatal(err)
	}
	if n := h.Publish("orders", []byte("o-2")); n != 1 {
		t.Fatalf("second publish reached %d subscribers, want 1", n)
	}
	waitFor(t, func() bool { return len(bob.messages()) == 2 })
	if got := alice.messages(); len(got) != 1 {
		t.Errorf("alice got %v after unsubscribing", got)
	}
}
