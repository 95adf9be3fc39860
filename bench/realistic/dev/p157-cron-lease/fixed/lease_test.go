package cronlock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu         sync.Mutex
	owners     map[string]string
	releaseErr error
}

func newMemStore() *memStore { return &memStore{owners: map[string]string{}} }

func (s *memStore) Acquire(_ context.Context, key, owner string, _ time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.owners[key]; ok && cur != owner {
		return ErrHeld
	}
	s.owners[key] = owner
	return nil
}

func (s *memStore) Renew(_ context.Context, key, owner string, _ time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owners[key] != owner {
		return ErrNotOwner
	}
	return nil
}

func (s *memStore) Release(_ context.Context, key, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.releaseErr != nil {
		return s.releaseErr
	}
	if s.owners[key] != owner {
		return ErrNotOwner
	}
	delete(s.owners, key)
	return nil
}

func TestRunSkipsWhenHeld(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newMemStore()
	store.owners["cron/nightly-report"] = "replica-b"
	l := NewLocker(store, "replica-a")

	ran, err := l.Run(context.Background(), "nightly-report", func(ctx context.Context) error {
		t.Fatal("job must not run while another replica holds the lease")
		return nil
	})
	if ran || err != nil {
		t.Fatalf("ran=%v err=%v, want false, nil", ran, err)
	}
}

func TestRunReportsReleaseFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newMemStore()
	store.releaseErr = errors.New("connection reset by peer")
	l := NewLocker(store, "replica-a")

	ran, err := l.Run(context.Background(), "nightly-report", func(ctx context.Context) error {
		return nil
	})
	if !ran {
		t.Fatal("job did not run")
	}
	if err == nil {
		t.Fatal("expected the release error to be reported")
	}
}
