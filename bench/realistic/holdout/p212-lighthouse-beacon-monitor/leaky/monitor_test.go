package beacon

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeProbe struct {
	reads    atomic.Int64
	mu       sync.Mutex
	readings map[string]Reading
	offline  map[string]bool
}

func (p *fakeProbe) Read(ctx context.Context, id string) (Reading, error) {
	p.reads.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.offline[id] {
		return Reading{}, errors.New("modem: no carrier")
	}
	r := p.readings[id]
	r.At = time.Now()
	return r, nil
}

type watchOfficer struct {
	mu     sync.Mutex
	alerts []Alert
}

func (w *watchOfficer) Raise(ctx context.Context, a Alert) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.alerts = append(w.alerts, a)
	return nil
}

func (w *watchOfficer) find(id string, to Health) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, a := range w.alerts {
		if a.StationID == id && a.To == to {
			return true
		}
	}
	return false
}

func coast() []Station {
	return []Station{
		{ID: "peggys-point", Name: "Peggy's Point", Character: Character{Flashes: 1, PeriodS: 5, Colour: "R", MinIntensity: 800}},
		{ID: "cape-race", Name: "Cape Race", Character: Character{Flashes: 1, PeriodS: 7.5, Colour: "W", MinIntensity: 4000}},
		{ID: "sambro", Name: "Sambro Island", Character: Character{Flashes: 2, PeriodS: 10, Colour: "W", MinIntensity: 2000}},
		{ID: "split-rock", Name: "Split Rock", Character: Character{Flashes: 1, PeriodS: 10, Colour: "W", MinIntensity: 1500}},
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestMonitorRaisesAlertsAndAnswersOperators(t *testing.T) {
	defer goleak.VerifyNone(t)

	probe := &fakeProbe{
		readings: map[string]Reading{
			"peggys-point": {LampOn: true, Flashes: 1, PeriodS: 5, IntensityCd: 900},
			"cape-race":    {LampOn: false},
			"sambro":       {LampOn: true, Flashes: 1, PeriodS: 10, IntensityCd: 2500},
		},
		offline: map[string]bool{"split-rock": true},
	}
	watch := &watchOfficer{}
	m, err := New(probe, coast(),
		WithInterval(5*time.Millisecond),
		WithReadTimeout(50*time.Millisecond),
		WithUnreachableAfter(2),
		WithAlerter(watch),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	eventually(t, "dark alert for Cape Race", func() bool { return watch.find("cape-race", Dark) })
	eventually(t, "unreachable alert for Split Rock", func() bool { return watch.find("split-rock", Unreachable) })
	if !watch.find("sambro", Degraded) {
		t.Errorf("no alert for Sambro showing the wrong character")
	}

	st, err := m.Status("peggys-point")
	if err != nil || st.Health != Nominal {
		t.Fatalf("Peggy's Point: %+v, %v", st, err)
	}
	if _, err := m.Status("fastnet"); !errors.Is(err, ErrUnknownStation) {
		t.Fatalf("want ErrUnknownStation, got %v", err)
	}

	probe.mu.Lock()
	probe.readings["cape-race"] = Reading{LampOn: true, Flashes: 1, PeriodS: 7.5, IntensityCd: 4200, OnStandby: true}
	probe.mu.Unlock()
	seen := probe.reads.Load()
	eventually(t, "another sweep", func() bool { return probe.reads.Load() >= seen+int64(len(coast())) })

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := m.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}
