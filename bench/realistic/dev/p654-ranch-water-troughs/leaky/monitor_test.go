package troughs

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

type scriptedGateway struct {
	mu     sync.Mutex
	script map[string][]float64
	calls  map[string]int
	down   map[string]bool
}

func (g *scriptedGateway) Level(ctx context.Context, id string) (float64, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.down[id] {
		return 0, errors.New("lora: no uplink from node")
	}
	seq := g.script[id]
	i := g.calls[id]
	g.calls[id]++
	if i >= len(seq) {
		i = len(seq) - 1
	}
	return seq[i], nil
}

type recordingSink struct {
	mu     sync.Mutex
	alerts []Alert
}

func (s *recordingSink) Send(_ context.Context, a Alert) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts = append(s.alerts, a)
	return nil
}

func (s *recordingSink) kinds() map[string]AlertKind {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]AlertKind)
	for _, a := range s.alerts {
		out[a.TroughID] = a.Kind
	}
	return out
}

func TestMorningRoundAlertsAndShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	gw := &scriptedGateway{
		script: map[string][]float64{
			"T-01": {1100, 1090, 1075, 1060},
			"T-02": {600, 410, 190},
			"T-05": {1400, 1380, 700},
		},
		calls: map[string]int{},
		down:  map[string]bool{"T-07": true},
	}
	sink := &recordingSink{}
	cfg := Config{
		Troughs: []TroughConfig{
			{ID: "T-01", Pasture: "North Section", CapacityLitres: 1200, LowPct: 30},
			{ID: "T-02", Pasture: "Creek Paddock", CapacityLitres: 800, LowPct: 30},
			{ID: "T-05", Pasture: "Heifer Lot", CapacityLitres: 1500, LowPct: 25},
			{ID: "T-07", Pasture: "Ridge", CapacityLitres: 600, LowPct: 30},
			{ID: "T-09", Pasture: "Winter Paddock", CapacityLitres: 900, LowPct: 30, Seasonal: true},
		},
		PollInterval:       5 * time.Millisecond,
		MaxSensorFailures:  3,
		DrainLitresPerPoll: 300,
		Logger:             log.New(os.Stderr, "troughs ", 0),
	}
	m, err := NewMonitor(cfg, gw, sink)
	if err != nil {
		t.Fatal(err)
	}

	want := map[string]AlertKind{"T-02": AlertLow, "T-05": AlertDrain, "T-07": AlertOffline}
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := sink.kinds()
		if len(got) == len(want) {
			for id, k := range want {
				if got[id] != k {
					t.Errorf("trough %s: alert %q, want %q", id, got[id], k)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("alerts so far: %v, want %v", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := m.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}

	for _, st := range m.Snapshot() {
		switch st.ID {
		case "T-02":
			if !st.Low {
				t.Errorf("T-02 should be low: %+v", st)
			}
		case "T-07":
			if !st.Offline {
				t.Errorf("T-07 should be offline: %+v", st)
			}
		case "T-09":
			if !st.Closed || !st.LastSeen.IsZero() {
				t.Errorf("T-09 should be closed and never polled: %+v", st)
			}
		}
	}
}
