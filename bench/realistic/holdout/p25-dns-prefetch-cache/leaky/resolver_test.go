package dnscache

import (
	"context"
	"errors"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type slowUpstream struct {
	delay   time.Duration
	queries atomic.Int32
}

func (u *slowUpstream) Exchange(ctx context.Context, name string) ([]netip.Addr, time.Duration, error) {
	u.queries.Add(1)
	select {
	case <-time.After(u.delay):
		return []netip.Addr{netip.MustParseAddr("192.0.2.10")}, time.Minute, nil
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
}

func TestLookupGivesUpAtCallerDeadline(t *testing.T) {
	defer goleak.VerifyNone(t)
	up := &slowUpstream{delay: 30 * time.Millisecond}
	r := New(up, WithQueryTimeout(200*time.Millisecond))
	defer r.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := r.Lookup(ctx, "api.example.com."); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lookup error = %v, want deadline exceeded", err)
	}

	// The shared query finishes in the background and fills the cache.
	time.Sleep(60 * time.Millisecond)
	addrs, err := r.Lookup(context.Background(), "API.example.com")
	if err != nil {
		t.Fatalf("second Lookup: %v", err)
	}
	if len(addrs) != 1 || up.queries.Load() != 1 {
		t.Fatalf("got %v after %d queries, want one cached address after one query", addrs, up.queries.Load())
	}
}
