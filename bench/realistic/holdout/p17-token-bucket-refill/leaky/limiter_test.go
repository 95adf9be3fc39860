package ratelimit

import (
	"context"
	"testing"

	"go.uber.org/goleak"
)

func TestClientCalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	calls := 0
	c := NewClient(100, func(context.Context, string) error { calls++; return nil })
	for i := 0; i < 5; i++ {
		if err := c.Get(context.Background(), "/v1/items"); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 5 {
		t.Fatalf("%d calls", calls)
	}
	c.Close()
}
