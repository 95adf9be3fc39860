package lease

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type nopStore struct{}

func (nopStore) Renew(ctx context.Context, name, holder string, ttl time.Duration) error { return nil }

func TestLeadershipRegained(t *testing.T) {
	defer goleak.VerifyNone(t)

	r := NewRenewer(nopStore{}, "scheduler", "pod-a", WithTTL(time.Minute), WithInterval(time.Minute))
	cb := r.Hooks()

	cb.OnStartedLeading()
	// The elector re-acquired the lease after a brief network partition and
	// reports leading again without an intermediate stop.
	cb.OnStartedLeading()
	cb.OnStoppedLeading()

	if n := r.Renewals(); n != 0 {
		t.Fatalf("renewals = %d", n)
	}
}
