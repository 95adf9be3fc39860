package relay

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	mu     sync.Mutex
	broken bool
	sent   [][]byte
}

func (c *fakeConn) Send(msg []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken {
		return ErrBroken
	}
	c.sent = append(c.sent, msg)
	return nil
}

func (c *fakeConn) Ping() error  { return nil }
func (c *fakeConn) Close() error { return nil }

func TestSendRedialsABrokenLink(t *testing.T) {
	defer goleak.VerifyNone(t)
	first := &fakeConn{broken: true}
	second := &fakeConn{}
	links := []*fakeConn{first, second}
	dial := func(context.Context) (Conn, error) {
		c := links[0]
		links = links[1:]
		return c, nil
	}
	s, err := Open(context.Background(), Config{Dial: dial, PingEvery: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if s.Redials() != 1 || len(second.sent) != 1 {
		t.Fatalf("redials=%d sent on new link=%d", s.Redials(), len(second.sent))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
