package rpc

import (
	"bytes"
	"context"
	"testing"

	"go.uber.org/goleak"
)

type loopback struct{ bytes.Buffer }

func (*loopback) Close() error { return nil }

func TestCallEchoes(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := NewClient(&loopback{})
	reply := make([]byte, 16)
	n, err := c.Call(context.Background(), []byte("ping"), reply)
	if err != nil || string(reply[:n]) != "ping" {
		t.Fatalf("got %q, %v", reply[:n], err)
	}
}
