package gateway

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	id   string
	cmds chan Command
	mu   sync.Mutex
	got  []Message
}

func (c *fakeConn) ID() string { return c.id }

func (c *fakeConn) Recv() (Command, error) {
	cmd, ok := <-c.cmds
	if !ok {
		return Command{}, io.EOF
	}
	return cmd, nil
}

func (c *fakeConn) Send(m Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, m)
	return nil
}

func (c *fakeConn) received() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.got)
}

func TestDeviceFollowsTopicsUntilDisconnect(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := NewBroker()
	g := New(b, WithBuffer(4))
	conn := &fakeConn{id: "thermo-7", cmds: make(chan Command)}

	done := make(chan error, 1)
	go func() { done <- g.Serve(context.Background(), conn) }()

	conn.cmds <- Command{Op: "sub", Filter: "site/+/temp"}
	conn.cmds <- Command{Op: "sub", Filter: "site/hall/#"}
	conn.cmds <- Command{Op: "unsub", Filter: "site/hall/#"}

	deadline := time.Now().Add(time.Second)
	for b.Publish("site/roof/temp", []byte("21.5")) == 0 || conn.received() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("message never reached the device")
		}
		time.Sleep(time.Millisecond)
	}
	if n := b.Publish("site/hall/door", []byte("open")); n != 0 {
		t.Fatalf("unsubscribed filter still matched %d subscriptions", n)
	}

	close(conn.cmds)
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if n := b.Publish("site/roof/temp", []byte("22.0")); n != 0 {
		t.Fatalf("%d subscriptions left after disconnect", n)
	}
}
