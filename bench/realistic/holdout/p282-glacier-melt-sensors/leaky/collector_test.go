package meltwatch

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

type fakeTelemetry struct {
	mu    sync.Mutex
	calls map[string]int
	down  map[string]bool
}

func (f *fakeTelemetry) Fetch(ctx context.Context, id string) (Raw, error) {
	select {
	case <-ctx.Done():
		return Raw{}, ctx.Err()
	case <-time.After(time.Millisecond):
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down[id] {
		return Raw{}, errors.New("no carrier on radio link")
	}
	f.calls[id]++
	n := float64(f.calls[id])
	return Raw{
		StationID: id,
		At:        time.Date(2023, 7, 14, 6, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour),
		Value:     1.20 + 0.03*n,
		BatteryV:  12.4 - 0.3*n,
	}, nil
}

type memorySink struct {
	mu      sync.Mutex
	rows    []Measurement
	flushed int
}

func (s *memorySink) Write(_ context.Context, m Measurement) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = append(s.rows, m)
	return nil
}

func (s *memorySink) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushed++
	return nil
}

func (s *memorySink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestMeltSeasonRampUp(t *testing.T) {
	defer goleak.VerifyNone(t)

	var stations []Station
	for i := 1; i <= 5; i++ {
		stations = append(stations, Station{ID: fmt.Sprintf("STK-%02d", i), Kind: AblationStake, Elevation: 2400 + 60*float64(i)})
	}
	stations = append(stations, Station{ID: "GAUGE-OUT", Kind: StreamGauge, Elevation: 2210, RatingA: 8.5, RatingB: 1.6, RatingH0: 0.4})

	tel := &fakeTelemetry{calls: make(map[string]int), down: map[string]bool{"STK-04": true}}
	sink := &memorySink{}
	logger := log.New(testWriter{t}, "", 0)

	c, err := New(tel, sink, stations, WithWorkers(2), WithQueueDepth(4), WithFetchTimeout(50*time.Millisecond), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}

	round := func() {
		for _, st := range stations {
			if err := c.Enqueue(ctx, st.ID); err != nil {
				t.Fatalf("enqueue %s: %v", st.ID, err)
			}
		}
	}

	round()
	waitFor(t, "first round", func() bool { return c.Stats().Written+c.Stats().Failed == 6 })

	if err := c.Resize(4); err != nil {
		t.Fatal(err)
	}
	tel.mu.Lock()
	delete(tel.down, "STK-04")
	tel.mu.Unlock()
	round()
	round()

	if err := c.Enqueue(ctx, "STK-99"); !errors.Is(err, ErrUnknownStation) {
		t.Fatalf("want ErrUnknownStation, got %v", err)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}

	st := c.Stats()
	if st.Written != 17 || st.Failed != 1 {
		t.Fatalf("stats: %+v", st)
	}
	if sink.count() != 17 || sink.flushed != 1 {
		t.Fatalf("sink has %d rows, %d flushes", sink.count(), sink.flushed)
	}
	if err := c.Enqueue(ctx, "STK-01"); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("enqueue after stop: %v", err)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
