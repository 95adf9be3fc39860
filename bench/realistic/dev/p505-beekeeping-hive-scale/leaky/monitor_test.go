package hivescale

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memScale struct {
	mu      sync.Mutex
	log     map[string][]Reading
	fetches int
}

func (s *memScale) Fetch(ctx context.Context, hiveID string, since time.Time, limit int) ([]Reading, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fetches++
	var page []Reading
	for _, r := range s.log[hiveID] {
		if r.At.After(since) {
			page = append(page, r)
			if len(page) == limit {
				break
			}
		}
	}
	return page, nil
}

func hourly(hive string, start time.Time, n int, kg func(i int) float64) []Reading {
	rs := make([]Reading, n)
	for i := range rs {
		rs[i] = Reading{
			HiveID:   hive,
			At:       start.Add(time.Duration(i) * time.Hour),
			WeightKg: kg(i),
			TempC:    18,
			Humidity: 60,
			BatteryV: 3.9,
		}
	}
	return rs
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestAssessSwarm(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)
	rs := hourly("H-03", start, 24, func(i int) float64 {
		if i >= 13 {
			return 45 - 2.2
		}
		return 45
	})
	scale := &memScale{log: map[string][]Reading{"H-03": rs}}
	m, err := New(scale, WithPageSize(10))
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Assess(context.Background(), "H-03", start.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !a.SwarmAlert || a.MaxDropAt.Hour() != 13 {
		t.Fatalf("want swarm alert at 13:00, got %+v", a)
	}
}

func TestAssessStopsOnLoadCellFault(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	since := start.Add(-time.Minute)
	healthy := hourly("H-07", start, 72, func(i int) float64 { return 41 + 0.05*float64(i) })
	faulty := hourly("H-12", start, 72, func(i int) float64 { return 38 + 0.03*float64(i) })
	faulty[30].WeightKg = -3276.8
	faulty[31].Humidity = 140

	scale := &memScale{log: map[string][]Reading{"H-07": healthy, "H-12": faulty}}
	m, err := New(scale, WithPageSize(24), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	a, err := m.Assess(ctx, "H-07", since)
	if err != nil {
		t.Fatalf("H-07: %v", err)
	}
	if a.Samples != 72 || a.NetGainKg < 3.5 || a.SwarmAlert {
		t.Fatalf("H-07: unexpected assessment %+v", a)
	}
	if flow := a.Flow(); flow < 1.1 || flow > 1.3 {
		t.Fatalf("H-07: flow %.2f kg/day", flow)
	}

	_, err = m.Assess(ctx, "H-12", since)
	if !errors.Is(err, ErrSensorFault) {
		t.Fatalf("H-12: want sensor fault, got %v", err)
	}
}
