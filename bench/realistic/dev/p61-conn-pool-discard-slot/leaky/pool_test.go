package connpool

import (
	"context"
	"io"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"
)

type fakeConn struct {
	id     int64
	broken bool
}

func (c *fakeConn) Exec(ctx context.Context, cmd string, args ...string) (string, error) {
	if c.broken {
		return "", io.ErrUnexpectedEOF
	}
	return "+OK", nil
}

func (c *fakeConn) Close() error { return nil }

func TestExecBrokenConn(t *testing.T) {
	defer goleak.VerifyNone(t)

	var dials int64
	p := New(func(ctx context.Context) (Conn, error) {
		n := atomic.AddInt64(&dials, 1)
		return &fakeConn{id: n, broken: n == 1}, nil
	}, 1)

	if _, err := p.Exec(context.Background(), "PING"); err == nil {
		t.Fatal("expected error from broken connection")
	}
	p.Close()
}
