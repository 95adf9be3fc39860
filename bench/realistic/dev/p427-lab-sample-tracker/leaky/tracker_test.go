package labtrack

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeAnalyzer struct {
	name   string
	tests  []string
	values map[string]string // test code -> value
	flags  map[string]string
	clock  Clock
}

func (a *fakeAnalyzer) Name() string    { return a.name }
func (a *fakeAnalyzer) Tests() []string { return a.tests }

func (a *fakeAnalyzer) Run(_ context.Context, s Sample) (Result, error) {
	v, ok := a.values[s.TestCode]
	if !ok {
		return Result{}, errors.New("reagent not loaded")
	}
	return Result{
		SampleID: s.ID, TestCode: s.TestCode, Analyzer: a.name,
		Value: v, Flag: a.flags[s.TestCode], ReportedAt: a.clock.Now(),
	}, nil
}

type memStore struct {
	mu      sync.Mutex
	results map[string]Result
}

func (m *memStore) SaveResult(_ context.Context, r Result) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.results[r.SampleID] = r
	return nil
}

type recordingEscalator struct {
	mu  sync.Mutex
	got []Escalation
}

func (r *recordingEscalator) Escalate(_ context.Context, e Escalation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, e)
	return nil
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func TestRackWithUnknownTest(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 5, 14, 10, 0, 0, 0, time.UTC)
	clock := fixedClock(now)
	hema := &fakeAnalyzer{name: "hema-1", tests: []string{"CBC", "DIFF"}, clock: clock,
		values: map[string]string{"CBC": "normal", "DIFF": "normal"}}
	chem := &fakeAnalyzer{name: "chem-1", tests: []string{"BMP", "K"}, clock: clock,
		values: map[string]string{"BMP": "normal", "K": "6.9"}, flags: map[string]string{"K": "C"}}
	store := &memStore{results: map[string]Result{}}
	esc := &recordingEscalator{}

	tr, err := New(Config{
		Analyzers: []Analyzer{hema, chem},
		Store:     store,
		Escalator: esc,
		Clock:     clock,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	outcomes, err := tr.RunBatch(ctx, "rack-1", []Sample{
		{ID: "S1", TestCode: "CBC", Priority: Stat, CollectedAt: now.Add(-90 * time.Minute)},
		{ID: "S2", TestCode: "K", Priority: Routine, CollectedAt: now.Add(-time.Hour)},
		{ID: "S3", TestCode: "BMP", Priority: Routine, CollectedAt: now.Add(-time.Hour)},
	})
	if err != nil {
		t.Fatalf("RunBatch rack-1: %v", err)
	}
	if len(outcomes) != 3 || len(store.results) != 3 {
		t.Fatalf("got %d outcomes, %d stored results; want 3, 3", len(outcomes), len(store.results))
	}
	if len(esc.got) != 2 {
		t.Fatalf("escalations = %+v, want late STAT and critical potassium", esc.got)
	}

	// A tube with a test code no analyzer runs stops the rack.
	_, err = tr.RunBatch(ctx, "rack-2", []Sample{
		{ID: "S4", TestCode: "DIFF", Priority: Urgent, CollectedAt: now.Add(-time.Hour)},
		{ID: "S5", TestCode: "TROP", Priority: Stat, CollectedAt: now.Add(-2 * time.Hour)},
	})
	if !errors.Is(err, ErrNoAnalyzer) {
		t.Fatalf("RunBatch rack-2: err = %v, want %v", err, ErrNoAnalyzer)
	}
}
