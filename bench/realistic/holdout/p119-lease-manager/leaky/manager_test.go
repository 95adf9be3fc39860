package lease

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu     sync.Mutex
	leases map[string]Lease
}

func newMemStore() *memStore { return &memStore{leases: make(map[string]Lease)} }

func (s *memStore) Put(ctx context.Context, l Lease) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.leases[l.ID] = l
	return nil
}

func (s *memStore) Delete(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.leases, id)
	return nil
}

// stepClock only moves when the test says so and ticks on demand.
type stepClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) NewTicker(d time.Duration) (<-chan time.Time, func()) {
	return c.ticks, func() {}
}

func (c *stepClock) advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

func TestWatcherOfExpiredLease(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	clock := &stepClock{now: time.Date(2024, 7, 9, 3, 0, 0, 0, time.UTC), ticks: make(chan time.Time)}
	expired := make(chan Lease, 1)
	m := New(newMemStore(),
		WithClock(clock),
		WithSweepInterval(time.Second),
		WithExpiryHook(func(l Lease) { expired <- l }),
	)
	defer m.Close(ctx)

	l, err := m.Grant(ctx, "scheduler/leader", "node-a", 10*time.Second)
	if err != nil {
		t.Fatalf("Grant: %v", err)
	}
	events, err := m.Watch(ctx, l.ID)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}

	clock.advance(5 * time.Second)
	if _, err := m.Renew(ctx, l.ID, "node-a"); err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if ev := <-events; ev.Kind != Renewed {
		t.Fatalf("first event = %v, want renewed", ev.Kind)
	}

	// node-a is partitioned away and stops renewing.
	clock.ticks <- clock.advance(30 * time.Second)
	if got := <-expired; got.ID != l.ID {
		t.Fatalf("expired %s, want %s", got.ID, l.ID)
	}
	if _, err := m.Get(l.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after expiry = %v, want ErrNotFound", err)
	}
	if _, err := m.Grant(ctx, "scheduler/leader", "node-b", 10*time.Second); err != nil {
		t.Fatalf("Grant to new leader: %v", err)
	}
}
