package election

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock stands still, so Run performs exactly one election round
// before it waits for ctx.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time                       { return c.now }
func (c *fakeClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

// fakeStore is an in-memory Store.
type fakeStore struct {
	mu   sync.Mutex
	recs map[string]Record
}

func (s *fakeStore) Get(ctx context.Context, name string) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.recs[name]
	if !ok {
		return Record{}, fmt.Errorf("lease %s: %w", name, ErrNotFound)
	}
	return rec, nil
}

func (s *fakeStore) Create(ctx context.Context, rec Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.recs[rec.Name]; ok {
		return ErrConflict
	}
	rec.Version = 1
	s.recs[rec.Name] = rec
	return nil
}

func (s *fakeStore) Update(ctx context.Context, rec Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.recs[rec.Name].Version != rec.Version {
		return ErrConflict
	}
	rec.Version++
	s.recs[rec.Name] = rec
	return nil
}

func TestFollowerStopsCleanly(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 5, 2, 9, 30, 0, 0, time.UTC)
	store := &fakeStore{recs: map[string]Record{
		"billing-scheduler": {
			Name:     "billing-scheduler",
			Holder:   "scheduler-7c9f-b",
			Acquired: start.Add(-time.Hour),
			Renewed:  start,
			Duration: 15 * time.Second,
			Version:  42,
		},
	}}
	leaders := make(chan string, 4)
	e, err := New(Config{
		Name:     "billing-scheduler",
		Identity: "scheduler-7c9f-a",
		Store:    store,
		Clock:    &fakeClock{now: start},
		Callbacks: Callbacks{
			OnStartedLeading: func(context.Context) { t.Error("became leader while the lease was held") },
			OnNewLeader:      func(id string) { leaders <- id },
		},
		ReleaseOnCancel: true,
		Logf:            t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()

	select {
	case id := <-leaders:
		if id != "scheduler-7c9f-b" {
			t.Fatalf("OnNewLeader(%q), want scheduler-7c9f-b", id)
		}
	case <-time.After(time.Second):
		t.Fatal("OnNewLeader was not called")
	}
	if e.IsLeader() {
		t.Fatal("IsLeader() = true for a follower")
	}

	// Shut the candidate down, as a process does on SIGTERM.
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if rec, err := store.Get(context.Background(), "billing-scheduler"); err != nil || rec.Holder != "scheduler-7c9f-b" {
		t.Fatalf("lease after follower shut down = %+v, %v", rec, err)
	}
}
