package calsync

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errStoreDown = errors.New("store: connection refused")

type memStore struct {
	mu       sync.Mutex
	events   map[string]Event
	tokens   map[string]string
	failGets int
}

func newMemStore() *memStore {
	return &memStore{events: make(map[string]Event), tokens: make(map[string]string)}
}

func (s *memStore) Get(_ context.Context, uid string) (Event, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failGets > 0 {
		s.failGets--
		return Event{}, false, errStoreDown
	}
	ev, ok := s.events[uid]
	return ev, ok, nil
}

func (s *memStore) Put(_ context.Context, ev Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events[ev.UID] = ev
	return nil
}

func (s *memStore) Delete(_ context.Context, uid string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.events, uid)
	return nil
}

func (s *memStore) Token(_ context.Context, provider string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[provider], nil
}

func (s *memStore) SetToken(_ context.Context, provider, token string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[provider] = token
	return nil
}

type staticProvider struct {
	name   string
	events []Event
}

func (p staticProvider) Name() string { return p.name }

func (p staticProvider) Changes(_ context.Context, token string) (ChangeSet, error) {
	return ChangeSet{Events: p.events, NextToken: p.name + "-" + token + "x"}, nil
}

type tickClock struct {
	now   time.Time
	ticks chan time.Time
}

func (c *tickClock) Now() time.Time                       { return c.now }
func (c *tickClock) After(time.Duration) <-chan time.Time { return c.ticks }

type pass struct {
	rep Report
	err error
}

func TestBackgroundPassAfterStoreError(t *testing.T) {
	defer goleak.VerifyNone(t)

	t0 := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	standup := Event{UID: "standup@corp", Title: "Standup", Start: t0, End: t0.Add(15 * time.Minute), Updated: t0}
	moved := standup
	moved.Start, moved.End, moved.Updated = t0.Add(time.Hour), t0.Add(75*time.Minute), t0.Add(time.Minute)

	store := newMemStore()
	store.failGets = 1
	clk := &tickClock{now: t0, ticks: make(chan time.Time)}
	passes := make(chan pass, 4)

	s, err := New(Config{
		Providers: []Provider{
			staticProvider{name: "google", events: []Event{standup}},
			staticProvider{name: "exchange", events: []Event{moved}},
		},
		Store:    store,
		Priority: []string{"exchange", "google"},
		OnPass:   func(r Report, err error) { passes <- pass{r, err} },
		Clock:    clk,
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start(context.Background())
	defer s.Stop()

	clk.ticks <- t0
	first := <-passes
	if !errors.Is(first.err, errStoreDown) {
		t.Fatalf("first pass error = %v, want errStoreDown", first.err)
	}
	if first.rep.Fetched != 2 {
		t.Errorf("first pass fetched %d events, want 2", first.rep.Fetched)
	}

	// The store is back; the next tick retries the pass.
	clk.ticks <- t0.Add(5 * time.Minute)
}
