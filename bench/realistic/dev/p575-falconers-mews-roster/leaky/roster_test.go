package mews

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu    sync.Mutex
	saves int
	last  Snapshot
}

func (m *memStore) Save(ctx context.Context, s Snapshot) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saves++
	m.last = s
	return nil
}

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

func TestMorningRoster(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2023, 10, 14, 7, 30, 0, 0, time.UTC)}
	r, err := New(&memStore{}, WithClock(clock.Now), WithWeightBand(0.05, 0.06))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	birds := []Bird{
		{ID: "hh-01", Name: "Juno", Species: HarrisHawk, FlyingWeight: 680},
		{ID: "pf-02", Name: "Sable", Species: Peregrine, FlyingWeight: 590},
		{ID: "bo-03", Name: "Wisp", Species: BarnOwl, FlyingWeight: 310, Moulting: true},
	}
	for _, b := range birds {
		if err := r.Add(b); err != nil {
			t.Fatal(err)
		}
	}
	for id, g := range map[string]int{"hh-01": 672, "pf-02": 548, "bo-03": 318} {
		if err := r.RecordWeight(id, g); err != nil {
			t.Fatal(err)
		}
	}

	clock.Advance(90 * time.Minute)
	if err := r.CheckOut("hh-01", "Maya"); err != nil {
		t.Fatalf("Juno: %v", err)
	}
	clock.Advance(45 * time.Minute)
	if err := r.Return("hh-01", "two rabbits, good recall"); err != nil {
		t.Fatal(err)
	}
	if b, _ := r.Bird("hh-01"); b.Out || len(b.Notes) != 2 {
		t.Fatalf("Juno after return: out=%v notes=%d", b.Out, len(b.Notes))
	}

	if err := r.CheckOut("pf-02", "Tomas"); !errors.Is(err, ErrUnderweight) {
		t.Fatalf("Sable: got %v, want ErrUnderweight", err)
	}
}
