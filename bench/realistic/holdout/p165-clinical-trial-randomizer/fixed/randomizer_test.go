package randomize

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// firstSource always picks the first candidate: the smallest block
// multiplier and a fixed, valid permutation.
type firstSource struct{}

func (firstSource) Intn(n int) int { return 0 }

type memStore struct {
	mu      sync.Mutex
	loadErr error
	state   State
	saved   []Allocation
}

func (m *memStore) LoadState(ctx context.Context, trialID string) (State, error) {
	if m.loadErr != nil {
		return State{}, m.loadErr
	}
	return m.state, nil
}

func (m *memStore) SaveAllocation(ctx context.Context, a Allocation, stratum string, b BlockState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, a)
	return nil
}

type memSink struct {
	mu     sync.Mutex
	events []AuditEvent
}

func (s *memSink) Append(ctx context.Context, events []AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, events...)
	return nil
}

func testConfig() Config {
	return Config{
		TrialID:          "TRIAL-042",
		Arms:             []Arm{{Code: "ACTIVE", Ratio: 2}, {Code: "PLACEBO", Ratio: 1}},
		BlockMultipliers: []int{1, 2},
		AgeCutoffs:       []int{40, 65},
	}
}

func TestOpenAllocateAndReopenAfterOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	clock := fixedClock{t: time.Date(2023, 3, 14, 9, 0, 0, 0, time.UTC)}
	store := &memStore{}
	sink := &memSink{}

	r, err := Open(ctx, testConfig(), store, sink, WithClock(clock), WithSource(firstSource{}), WithAuditBatch(2))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	counts := map[string]int{}
	for _, id := range []string{"P-001", "P-002", "P-003"} {
		a, err := r.Allocate(ctx, Participant{ID: id, Site: "AMS", Sex: "F", Age: 52})
		if err != nil {
			t.Fatalf("Allocate(%s): %v", id, err)
		}
		if a.Stratum.AgeBand != "age1" {
			t.Fatalf("Allocate(%s): age band %q, want age1", id, a.Stratum.AgeBand)
		}
		counts[a.Arm]++
	}
	if counts["ACTIVE"] != 2 || counts["PLACEBO"] != 1 {
		t.Fatalf("first block not balanced 2:1: %v", counts)
	}
	if err := r.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	sink.mu.Lock()
	if len(sink.events) != 4 {
		t.Errorf("audit events = %d, want 4", len(sink.events))
	}
	sink.mu.Unlock()

	// The state database is unreachable on the next start-up.
	outage := errors.New("connection refused")
	down := &memStore{loadErr: outage}
	_, err = Open(ctx, testConfig(), down, &memSink{}, WithClock(clock), WithSource(firstSource{}))
	if !errors.Is(err, outage) {
		t.Fatalf("Open with unreachable store: got %v, want %v", err, outage)
	}
}
