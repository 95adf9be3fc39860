package materializer

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var t0 = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

type fixedClock struct{ now time.Time }

func (c fixedClock) Now() time.Time { return c.now }

var errPartitionMissing = errors.New("partition not found")

// warehouse returns one row per hour. Windows listed in missing fail
// immediately; when slow is set, every other window waits for its context, as
// a long-running warehouse query would.
type warehouse struct {
	missing map[time.Time]bool
	slow    bool
}

func (w *warehouse) Name() string { return "warehouse" }

func (w *warehouse) Read(ctx context.Context, view string, start, end time.Time) ([]Row, error) {
	if w.missing[start] {
		return nil, errPartitionMissing
	}
	if w.slow {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	var rows []Row
	for ts := start; ts.Before(end); ts = ts.Add(time.Hour) {
		rows = append(rows, Row{
			EntityKey: "driver:42",
			EventTime: ts,
			Values:    map[string]float64{"trips_7d": 12, "rating": 4.9, "internal": 1},
		})
	}
	return rows, nil
}

type memStore struct {
	mu   sync.Mutex
	rows map[string][]Row
}

func (s *memStore) Write(ctx context.Context, view string, rows []Row) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rows == nil {
		s.rows = make(map[string][]Row)
	}
	s.rows[view] = append(s.rows[view], rows...)
	return nil
}

func newTestMaterializer(t *testing.T, src Source, store OnlineStore) *Materializer {
	t.Helper()
	m, err := New(Config{
		Sources: []Source{src},
		Store:   store,
		Clock:   fixedClock{now: t0.Add(24 * time.Hour)},
	}, WithBackfillWorkers(2), WithWindowSize(time.Hour), WithLogf(t.Logf))
	if err != nil {
		t.Fatal(err)
	}
	view := FeatureView{
		Name:     "driver_stats",
		Source:   "warehouse",
		Features: []string{"trips_7d", "rating"},
		Interval: time.Hour,
	}
	if err := m.Register(view, t0); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBackfill(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{}
	m := newTestMaterializer(t, &warehouse{}, store)
	stats, err := m.Backfill(context.Background(), "driver_stats", t0, t0.Add(6*time.Hour))
	if err != nil {
		t.Fatalf("Backfill: %v", err)
	}
	if stats.Windows != 6 || stats.Rows != 6 {
		t.Fatalf("stats = %+v, want 6 windows and 6 rows", stats)
	}
	for _, r := range store.rows["driver_stats"] {
		if _, ok := r.Values["internal"]; ok {
			t.Fatalf("row %v carries a column that is not a feature of the view", r)
		}
	}

	// A partition missing from the warehouse aborts the backfill while the
	// other windows are still being queried.
	src := &warehouse{missing: map[time.Time]bool{t0: true}, slow: true}
	m = newTestMaterializer(t, src, &memStore{})
	_, err = m.Backfill(context.Background(), "driver_stats", t0, t0.Add(6*time.Hour))
	if !errors.Is(err, errPartitionMissing) {
		t.Fatalf("Backfill error = %v, want %v", err, errPartitionMissing)
	}
}
