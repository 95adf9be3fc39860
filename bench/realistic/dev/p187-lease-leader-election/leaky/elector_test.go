package leader

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock stands still; timers created with After fire only when the test
// advances the clock past them.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, fakeTimer{at: c.now.Add(d), ch: ch})
	return ch
}

// memStore is an in-memory LeaseStore.
type memStore struct {
	mu     sync.Mutex
	leases map[string]Lease
}

func (s *memStore) Get(_ context.Context, name string) (Lease, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.leases[name]
	if !ok {
		return Lease{}, ErrNotFound
	}
	return l, nil
}

func (s *memStore) CompareAndSwap(_ context.Context, old, next Lease) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.leases[old.Name].Version != old.Version {
		return ErrConflict
	}
	s.leases[next.Name] = next
	return nil
}

func (s *memStore) lease(name string) Lease {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.leases[name]
}

// waitFor reads leaders reported by a watch until want shows up.
func waitFor(t *testing.T, seen <-chan string, want string) {
	t.Helper()
	for got := range seen {
		if got == want {
			return
		}
	}
}

func TestLeaderStepsDownOnClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{leases: map[string]Lease{}}
	started, stopped := make(chan struct{}), make(chan struct{})
	e, err := New(Config{
		Name:     "billing-scheduler",
		Identity: "node-a",
		Store:    store,
		Clock:    newFakeClock(),
		OnStartedLeading: func(ctx context.Context) {
			close(started)
			<-ctx.Done()
		},
		OnStoppedLeading: func() { close(stopped) },
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan string, 16)
	e.Watch(func(l string) { seen <- l })

	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-started
	waitFor(t, seen, "node-a")
	if !e.IsLeader() {
		t.Error("IsLeader() = false after acquiring a vacant lease")
	}

	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	<-stopped
	if l := store.lease("billing-scheduler"); l.Holder != "" {
		t.Errorf("lease holder after Close = %q, want released", l.Holder)
	}
}

func TestFollowerCloseEndsWatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := newFakeClock()
	store := &memStore{leases: map[string]Lease{
		"billing-scheduler": {
			Name:       "billing-scheduler",
			Holder:     "node-b",
			AcquiredAt: clock.Now().Add(-time.Hour),
			RenewedAt:  clock.Now().Add(-2 * time.Second),
			Duration:   15 * time.Second,
			Version:    812,
		},
	}}
	e, err := New(Config{Name: "billing-scheduler", Identity: "node-a", Store: store, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan string, 16)
	e.Watch(func(l string) { seen <- l })

	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, seen, "node-b")
	if e.IsLeader() {
		t.Error("IsLeader() = true while node-b holds a live lease")
	}

	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if l := store.lease("billing-scheduler"); l.Holder != "node-b" || l.Version != 812 {
		t.Errorf("follower modified the lease: %+v", l)
	}
}
