package chat

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	recv chan Message
}

func newFakeConn() *fakeConn { return &fakeConn{recv: make(chan Message, 16)} }

func (f *fakeConn) WriteMessage(ctx context.Context, m Message) error {
	select {
	case f.recv <- m:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *fakeConn) Close() error { return nil }

func expect(t *testing.T, c *fakeConn, text string) {
	t.Helper()
	timeout := time.After(300 * time.Millisecond)
	for {
		select {
		case m := <-c.recv:
			if m.Text == text {
				return
			}
		case <-timeout:
			t.Fatalf("never received %q", text)
		}
	}
}

func TestJoinTalkLeave(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := NewHub(WithSendBuffer(4), WithWriteTimeout(50*time.Millisecond))

	aliceConn, bobConn := newFakeConn(), newFakeConn()
	alice, err := h.Join("lobby", "alice", aliceConn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Join("lobby", "bob", bobConn); err != nil {
		t.Fatal(err)
	}
	if err := h.Broadcast("lobby", "alice", "hi bob"); err != nil {
		t.Fatal(err)
	}
	expect(t, bobConn, "hi bob")

	h.Leave(alice)
	expect(t, bobConn, "alice left")

	h.Close()
}
