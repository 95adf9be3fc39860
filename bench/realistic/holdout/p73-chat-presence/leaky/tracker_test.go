package presence

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type fakeStore struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

func (s *fakeStore) SaveLastSeen(_ context.Context, room, user string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = make(map[string]time.Time)
	}
	s.seen[room+"/"+user] = at
	return nil
}

func nextEvent(t *testing.T, events <-chan Event) Event {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(time.Second):
		t.Fatal("timed out waiting for presence event")
		return Event{}
	}
}

func TestWatcherSeesExpiryAndRoomClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)}
	store := &fakeStore{}
	tr := New(Config{
		TTL:         10 * time.Second,
		RoomIdleTTL: time.Minute,
		Clock:       clock,
		Store:       store,
		Logf:        t.Logf,
	})

	events := make(chan Event, 16)
	cancel, err := tr.Watch("lobby", func(ev Event) { events <- ev })
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	defer cancel()

	if err := tr.Heartbeat("lobby", "alice"); err != nil {
		t.Fatalf("Heartbeat: %v", err)
	}
	if ev := nextEvent(t, events); ev.Kind != Joined || ev.User != "alice" {
		t.Fatalf("got %+v, want alice joined", ev)
	}

	clock.Advance(11 * time.Second)
	if err := tr.Sweep(context.Background()); err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	if ev := nextEvent(t, events); ev.Kind != Expired || ev.User != "alice" {
		t.Fatalf("got %+v, want alice expired", ev)
	}

	clock.Advance(2 * time.Minute)
	if err := tr.Sweep(context.Background()); err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	if ev := nextEvent(t, events); ev.Kind != RoomClosed {
		t.Fatalf("got %+v, want room closed", ev)
	}

	store.mu.Lock()
	_, ok := store.seen["lobby/alice"]
	store.mu.Unlock()
	if !ok {
		t.Error("last seen of alice was not persisted")
	}
}
