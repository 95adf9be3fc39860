package hive

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeRegistry struct {
	hives map[string]HiveInfo
}

func (r *fakeRegistry) Lookup(ctx context.Context, hiveID string) (HiveInfo, error) {
	if err := ctx.Err(); err != nil {
		return HiveInfo{}, err
	}
	info, ok := r.hives[hiveID]
	if !ok {
		return HiveInfo{}, fmt.Errorf("registry: %q: %w", hiveID, ErrUnknownHive)
	}
	return info, nil
}

type recordingSink struct {
	mu     sync.Mutex
	alerts []Alert
}

func (s *recordingSink) Raise(ctx context.Context, a Alert) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts = append(s.alerts, a)
	return nil
}

func (s *recordingSink) kinds() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int)
	for _, a := range s.alerts {
		out[a.HiveID+"/"+a.Kind]++
	}
	return out
}

func TestMonitorMorningRound(t *testing.T) {
	defer goleak.VerifyNone(t)

	strong := Thresholds{MinBroodTemp: 33, MaxBroodTemp: 36, MaxHumidity: 70, SwarmDropKg: 2}
	reg := &fakeRegistry{hives: map[string]HiveInfo{
		"H-01": {ID: "H-01", Apiary: "orchard"},
		"H-02": {ID: "H-02", Apiary: "orchard", Thresholds: &strong},
		"H-03": {ID: "H-03", Apiary: "heath"},
	}}
	sink := &recordingSink{}
	m, err := NewMonitor(Config{Registry: reg, Alerts: sink, WeightWindow: 6},
		WithLogger(log.New(testWriter{t}, "", 0)))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	start := time.Date(2024, 6, 3, 6, 0, 0, 0, time.UTC)
	weights := map[string][]float64{
		"H-01": {41.2, 41.3, 41.3, 41.5, 41.6, 41.6},
		"H-02": {38.0, 38.1, 38.1, 35.4, 35.3, 35.3},
		"H-03": {29.9, 29.8, 29.9, 30.0, 30.0, 30.1},
	}
	temps := map[string][]float64{
		"H-01": {34.8, 34.9, 35.0, 35.1, 35.0, 34.9},
		"H-02": {35.2, 35.4, 35.1, 35.0, 35.2, 35.3},
		"H-03": {33.1, 32.4, 31.6, 31.2, 31.9, 32.6},
	}

	var rejected []error
	for i := 0; i < 6; i++ {
		at := start.Add(time.Duration(i) * 10 * time.Minute)
		for _, id := range []string{"H-01", "H-02", "H-03"} {
			for _, r := range []Reading{
				{HiveID: id, Sensor: "scale", Metric: Weight, Value: weights[id][i], At: at},
				{HiveID: id, Sensor: "brood", Metric: Temperature, Value: temps[id][i], At: at},
			} {
				if err := m.Ingest(ctx, r); err != nil {
					t.Fatalf("ingest %+v: %v", r, err)
				}
			}
		}
		if i == 2 {
			// a gateway was moved to a new nucleus hive before it was registered
			err := m.Ingest(ctx, Reading{HiveID: "NUC-7", Sensor: "brood", Metric: Temperature, Value: 34.1, At: at})
			rejected = append(rejected, err)
		}
	}

	if len(rejected) != 1 || !errors.Is(rejected[0], ErrUnknownHive) {
		t.Fatalf("unregistered hive: got %v, want ErrUnknownHive", rejected)
	}

	if err := m.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := m.Ingest(ctx, Reading{HiveID: "H-01", Sensor: "scale", Metric: Weight, Value: 41, At: start}); !errors.Is(err, ErrClosed) {
		t.Fatalf("ingest after close: %v", err)
	}

	got := sink.kinds()
	want := map[string]int{"H-02/swarm": 1, "H-03/chilled": 1}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("alerts %s = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("unexpected alerts: %v", got)
	}

	sums := m.Summaries()
	if len(sums) != 3 {
		t.Fatalf("summaries: got %d hives, want 3", len(sums))
	}
	if w := sums[1].Metrics[Weight]; w.Count != 6 || w.Max != 38.1 || w.Last != 35.3 {
		t.Errorf("H-02 weight stats = %+v", w)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
