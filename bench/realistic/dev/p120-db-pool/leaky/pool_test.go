package connpool

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestIdleConnectionsAreReaped(t *testing.T) {
	defer goleak.VerifyNone(t)

	d := &MemDriver{}
	ctx := context.Background()
	p, err := Open(ctx, d,
		WithMinIdle(2),
		WithHealthCheck(5*time.Millisecond, 50*time.Millisecond),
		WithMaxIdleTime(time.Millisecond),
	)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	c, err := p.Get(ctx)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if err := c.Exec(ctx, "UPDATE jobs SET state = 'done'"); err != nil {
		t.Fatalf("Exec: %v", err)
	}
	p.Put(c)

	deadline := time.Now().Add(500 * time.Millisecond)
	for d.Open() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still open, want all idle ones reaped", d.Open())
		}
		time.Sleep(time.Millisecond)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
