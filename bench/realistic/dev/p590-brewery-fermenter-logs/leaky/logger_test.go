package fermlog

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errBrewNotFound = errors.New("brew not found in production schedule")

type memStore struct {
	mu      sync.Mutex
	batches map[string][]Batch
	ended   map[string]Summary
	unknown map[string]bool // brew ids the schedule does not know
}

func newMemStore() *memStore {
	return &memStore{
		batches: make(map[string][]Batch),
		ended:   make(map[string]Summary),
		unknown: make(map[string]bool),
	}
}

func (m *memStore) WriteBatch(ctx context.Context, b Batch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.batches[b.Vessel] = append(m.batches[b.Vessel], b)
	return ctx.Err()
}

func (m *memStore) EndSession(_ context.Context, s Session, last Summary) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.unknown[s.BrewID] {
		return errBrewNotFound
	}
	m.ended[s.Vessel] = last
	return nil
}

func (m *memStore) readings(vessel string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, b := range m.batches[vessel] {
		n += len(b.Readings)
	}
	return n
}

func feed(t *testing.T, l *Logger, vessel string, start time.Time, og float64, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		r := Reading{
			Vessel:  vessel,
			At:      start.Add(time.Duration(i) * 15 * time.Minute),
			TempC:   19.5 + float64(i%3)*0.1,
			Gravity: og - float64(i)*0.0004,
		}
		if err := l.Record(r); err != nil {
			t.Fatalf("Record %s #%d: %v", vessel, i, err)
		}
	}
}

func TestLoggerWritesAllReadings(t *testing.T) {
	defer goleak.VerifyNone(t)
	store := newMemStore()
	l := New(store, WithBatchSize(8), WithWriters(3))
	start := time.Date(2024, 5, 6, 8, 0, 0, 0, time.UTC)
	for _, s := range []Session{
		{Vessel: "FV-1", BrewID: "B24-118", OriginalGravity: 1.052, Started: start},
		{Vessel: "FV-2", BrewID: "B24-119", OriginalGravity: 1.064, Started: start},
	} {
		if err := l.StartSession(s); err != nil {
			t.Fatal(err)
		}
	}
	feed(t, l, "FV-1", start, 1.052, 20)
	feed(t, l, "FV-2", start, 1.064, 13)
	if err := l.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := store.readings("FV-1"); got != 20 {
		t.Errorf("FV-1 readings = %d, want 20", got)
	}
	if got := store.readings("FV-2"); got != 13 {
		t.Errorf("FV-2 readings = %d, want 13", got)
	}
	if s := store.ended["FV-1"]; s.ApparentABV <= 0 {
		t.Errorf("FV-1 summary = %+v", s)
	}
}

func TestCloseReportsUnscheduledBrew(t *testing.T) {
	store := newMemStore()
	store.unknown["B24-121"] = true
	l := New(store, WithBatchSize(10), WithWriters(2))
	start := time.Date(2024, 5, 9, 7, 30, 0, 0, time.UTC)
	for _, s := range []Session{
		{Vessel: "FV-3", BrewID: "B24-120", OriginalGravity: 1.048, Started: start},
		{Vessel: "FV-4", BrewID: "B24-121", OriginalGravity: 1.071, Started: start},
	} {
		if err := l.StartSession(s); err != nil {
			t.Fatal(err)
		}
	}
	feed(t, l, "FV-3", start, 1.048, 24)
	feed(t, l, "FV-4", start, 1.071, 17)

	err := l.Close(context.Background())
	if !errors.Is(err, errBrewNotFound) {
		t.Fatalf("Close error = %v, want %v", err, errBrewNotFound)
	}
	if err := l.Record(Reading{Vessel: "FV-3", At: start, TempC: 19, Gravity: 1.02}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Record after Close = %v, want ErrClosed", err)
	}

	goleak.VerifyNone(t)
}
