package inspections

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	hives map[string]Hive
}

func (m *memStore) Hive(ctx context.Context, id string) (Hive, error) {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return Hive{}, ctx.Err()
	}
	h, ok := m.hives[id]
	if !ok {
		return Hive{}, fmt.Errorf("hive %q not in register", id)
	}
	return h, nil
}

type recordBook struct {
	mu      sync.Mutex
	reports map[string]Report
	arrived chan string
}

func (b *recordBook) Publish(ctx context.Context, r Report) error {
	b.mu.Lock()
	b.reports[r.HiveID] = r
	b.mu.Unlock()
	select {
	case b.arrived <- r.HiveID:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *recordBook) await(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(2 * time.Second)
	for i := 0; i < n; i++ {
		select {
		case <-b.arrived:
		case <-timeout:
			t.Fatalf("only %d of %d reports arrived", i, n)
		}
	}
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func TestSeasonalCrewResize(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{hives: map[string]Hive{}}
	for i := 1; i <= 10; i++ {
		yard := "orchard"
		if i > 5 {
			yard = "heather"
		}
		id := fmt.Sprintf("H%02d", i)
		store.hives[id] = Hive{ID: id, Yard: yard, QueenYear: 2021 + i%3, Boxes: 1 + i%2}
	}
	book := &recordBook{reports: map[string]Report{}, arrived: make(chan string, 16)}
	now := func() time.Time { return time.Date(2024, 4, 14, 11, 0, 0, 0, time.UTC) }

	winter := Config{Inspectors: 2, Backlog: 4, Timeout: time.Second, VarroaThreshold: 3}
	s, err := New(store, book, winter, WithLogger(testLogger{t}), WithClock(now))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()
	for i := 1; i <= 4; i++ {
		req := Request{HiveID: fmt.Sprintf("H%02d", i), Observed: Observation{
			QueenSeen: true, EggsSeen: true, Brood: BroodSolid, FramesOfBees: 5, FramesOfStores: 4,
		}}
		if err := s.Submit(ctx, req); err != nil {
			t.Fatalf("Submit %s: %v", req.HiveID, err)
		}
	}
	book.await(t, 4)

	spring := Config{Inspectors: 5, Backlog: 10, Timeout: time.Second, VarroaThreshold: 3}
	if err := s.Reconfigure(spring); err != nil {
		t.Fatalf("Reconfigure: %v", err)
	}

	spring6 := []Observation{
		{QueenSeen: true, Brood: BroodSolid, QueenCells: 3, FramesOfBees: 9, FramesOfStores: 5},
		{Brood: BroodNone, FramesOfBees: 4, FramesOfStores: 1},
		{EggsSeen: true, Brood: BroodPatchy, FramesOfBees: 6, FramesOfStores: 3, MitesPer100Bees: 4.5},
		{QueenSeen: true, EggsSeen: true, Brood: BroodSolid, FramesOfBees: 17, FramesOfStores: 6},
		{QueenSeen: true, Brood: BroodSolid, FramesOfBees: 7, FramesOfStores: 3, Temper: "defensive"},
		{EggsSeen: true, Brood: BroodSolid, FramesOfBees: 8, FramesOfStores: 2, MitesPer100Bees: 1},
	}
	for i, obs := range spring6 {
		req := Request{HiveID: fmt.Sprintf("H%02d", i+5), Observed: obs}
		if err := s.Submit(ctx, req); err != nil {
			t.Fatalf("Submit %s: %v", req.HiveID, err)
		}
	}
	book.await(t, len(spring6))

	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Submit(ctx, Request{HiveID: "H01"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Submit after Close = %v, want ErrClosed", err)
	}

	book.mu.Lock()
	defer book.mu.Unlock()
	if len(book.reports) != 10 {
		t.Fatalf("got %d reports, want 10", len(book.reports))
	}
	if r := book.reports["H05"]; !r.Urgent() || r.Findings[0].Action != ActionSwarmControl {
		t.Errorf("H05 should need swarm control first: %+v", r)
	}
	if r := book.reports["H06"]; !r.Urgent() {
		t.Errorf("H06 is queenless and should be urgent: %+v", r)
	}
	if r := book.reports["H07"]; len(r.Findings) == 0 || r.Findings[0].Action != ActionTreatVarroa {
		t.Errorf("H07 should be flagged for varroa: %+v", r)
	}
	if r := book.reports["H09"]; r.Temper != "defensive" {
		t.Errorf("H09 temper = %q, want defensive", r.Temper)
	}
}
