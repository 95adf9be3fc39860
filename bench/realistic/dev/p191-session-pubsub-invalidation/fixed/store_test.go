package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
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

type memBackend struct {
	mu       sync.Mutex
	sessions map[string]*Session
	loads    int
}

func (b *memBackend) Load(ctx context.Context, id string) (*Session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.loads++
	s, ok := b.sessions[id]
	if !ok {
		return nil, fmt.Errorf("load %s: %w", id, ErrNotFound)
	}
	return s.clone(), nil
}

func (b *memBackend) Save(ctx context.Context, s *Session) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sessions[s.ID] = s.clone()
	return nil
}

func (b *memBackend) Delete(ctx context.Context, id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.sessions, id)
	return nil
}

type fakeSub struct {
	ch   chan []byte
	once sync.Once
}

func (s *fakeSub) Messages() <-chan []byte { return s.ch }

func (s *fakeSub) Close() error {
	s.once.Do(func() { close(s.ch) })
	return nil
}

// fakeBus hands out a single subscription; the test delivers messages to it
// synchronously, as if they came from another instance.
type fakeBus struct {
	sub *fakeSub
}

func (b *fakeBus) Publish(ctx context.Context, channel string, payload []byte) error { return nil }

func (b *fakeBus) Subscribe(ctx context.Context, channel string) (Subscription, error) {
	return b.sub, nil
}

func (b *fakeBus) deliver(t *testing.T, inv invalidation) {
	t.Helper()
	msg, err := encodeInvalidation(inv)
	if err != nil {
		t.Fatal(err)
	}
	b.sub.ch <- msg
}

func TestExpiredSessionThenRemoteLogout(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := &fakeClock{now: start}
	backend := &memBackend{sessions: map[string]*Session{
		"s1": {ID: "s1", UserID: "u42", ExpiresAt: start.Add(30 * time.Second)},
	}}
	bus := &fakeBus{sub: &fakeSub{ch: make(chan []byte)}}

	ctx := context.Background()
	store, err := New(ctx, backend, bus, Options{
		Instance: "web-1",
		Clock:    clock,
		Logger:   log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	if s, err := store.Get(ctx, "s1"); err != nil || s.UserID != "u42" {
		t.Fatalf("Get = %+v, %v", s, err)
	}

	clock.Advance(time.Minute)
	if _, err := store.Get(ctx, "s1"); !errors.Is(err, ErrExpired) {
		t.Fatalf("Get after expiry: err = %v, want ErrExpired", err)
	}
	backend.mu.Lock()
	if backend.loads != 1 {
		t.Errorf("backend loads = %d, want 1 (second Get should hit the cache)", backend.loads)
	}
	backend.mu.Unlock()

	// Another instance logs the user out.
	bus.deliver(t, invalidation{Op: opDelete, IDs: []string{"s1"}, Origin: "web-2"})

	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
}
