package shuttlecount

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu        sync.Mutex
	shifts    map[string][]LoomTotals
	loadFails []error
	saves     int
}

func newMemStore() *memStore {
	return &memStore{shifts: make(map[string][]LoomTotals)}
}

func (s *memStore) LoadShift(ctx context.Context, shift string) ([]LoomTotals, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.loadFails) > 0 {
		err := s.loadFails[0]
		s.loadFails = s.loadFails[1:]
		return nil, err
	}
	saved, ok := s.shifts[shift]
	if !ok {
		return nil, ErrNoShift
	}
	out := make([]LoomTotals, len(saved))
	for i, t := range saved {
		out[i] = t.clone()
	}
	return out, nil
}

func (s *memStore) SaveShift(ctx context.Context, shift string, totals []LoomTotals) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shifts[shift] = totals
	s.saves++
	return nil
}

func startWithRetry(ctx context.Context, t *testing.T, store Store, cfg Config) *Counter {
	t.Helper()
	var lastErr error
	for attempt := 1; attempt <= 3; attempt++ {
		c, err := New(ctx, store, cfg)
		if err == nil {
			return c
		}
		lastErr = err
		t.Logf("start attempt %d: %v", attempt, err)
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("counter did not start: %v", lastErr)
	return nil
}

func TestCounterResumesShiftAfterStoreOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	const shift = "2024-06-03/B"
	base := time.Date(2024, 6, 3, 14, 0, 0, 0, time.UTC)

	store := newMemStore()
	store.shifts[shift] = []LoomTotals{
		{Loom: "R-07", Picks: 1800, Shuttles: map[int]int64{1: 1000, 2: 800}, First: base, Last: base.Add(20 * time.Minute)},
		{Loom: "R-12", Picks: 950, Shuttles: map[int]int64{1: 950}, First: base, Last: base.Add(20 * time.Minute)},
	}
	store.loadFails = []error{errors.New("dial tcp 10.20.4.12:5432: connect: connection refused")}

	ctx := context.Background()
	c := startWithRetry(ctx, t, store, Config{
		Shift:  shift,
		Shards: 3,
		Logger: log.New(os.Stderr, "shuttlecount: ", 0),
	})

	at := base.Add(21 * time.Minute)
	readings := []Pick{
		{Loom: "R-07", Shuttle: 1, Picks: 120, At: at},
		{Loom: "R-07", Shuttle: 2, Picks: 110, At: at},
		{Loom: "R-12", Shuttle: 1, Picks: 90, At: at},
		{Loom: "R-15", Shuttle: 1, Picks: 130, At: at},
		{Loom: "R-15", Shuttle: 3, Picks: 40, At: at},
		{Loom: "R-07", Shuttle: 1, Picks: 120, At: at}, // retransmit
		{Loom: "R-12", Shuttle: 1, Picks: 85, At: at.Add(time.Minute)},
		{Loom: "R-15", Shuttle: 0, Picks: 10, At: at},
	}
	for _, p := range readings {
		if err := c.Record(ctx, p); err != nil && !errors.Is(err, ErrBadPick) {
			t.Fatalf("record %+v: %v", p, err)
		}
	}

	snap, err := c.Snapshot(ctx)
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	want := map[string]int64{"R-07": 2030, "R-12": 1125, "R-15": 170}
	if len(snap) != len(want) {
		t.Fatalf("snapshot has %d looms, want %d: %+v", len(snap), len(want), snap)
	}
	for _, lt := range snap {
		if lt.Picks != want[lt.Loom] {
			t.Errorf("loom %s: %d picks, want %d", lt.Loom, lt.Picks, want[lt.Loom])
		}
	}
	if acc, rej := c.Stats(); acc != 7 || rej != 1 {
		t.Errorf("stats = %d accepted, %d rejected; want 7, 1", acc, rej)
	}

	if err := c.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := c.Record(ctx, readings[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("record after close: %v, want ErrClosed", err)
	}
	if store.saves != 1 || len(store.shifts[shift]) != 3 {
		t.Errorf("store has %d saves and %d looms for the shift", store.saves, len(store.shifts[shift]))
	}
}
