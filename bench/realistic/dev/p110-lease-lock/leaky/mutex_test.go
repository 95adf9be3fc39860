package lease

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestUnlockDuringOutageReportsError(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := NewMemStore()
	c := NewClient(store, "worker-1", WithTTL(60*time.Millisecond), WithRetry(time.Millisecond))
	m := c.NewMutex("jobs/compaction")

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := m.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond) // hold it across a renewal

	store.SetDown(true)
	err := m.Unlock(ctx)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("unlock: got %v, want ErrUnavailable", err)
	}
}
