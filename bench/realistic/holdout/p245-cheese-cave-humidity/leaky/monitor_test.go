package cave

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

type scriptedProbe struct {
	id, zone string
	mu       sync.Mutex
	values   []float64
	failFrom int
	calls    int
}

func (p *scriptedProbe) ID() string   { return p.id }
func (p *scriptedProbe) Zone() string { return p.zone }

func (p *scriptedProbe) Read(ctx context.Context) (Reading, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.calls
	p.calls++
	if p.failFrom > 0 && n >= p.failFrom {
		return Reading{}, ErrSensorFault
	}
	v := p.values[n%len(p.values)]
	return Reading{SensorID: p.id, RelHumidity: v, TempC: 11.5}, nil
}

type recordingActuator struct {
	mu     sync.Mutex
	mist   map[string]bool
	dryer  map[string]bool
	writes int
}

func newRecordingActuator() *recordingActuator {
	return &recordingActuator{mist: map[string]bool{}, dryer: map[string]bool{}}
}

func (a *recordingActuator) SetMisting(_ context.Context, zone string, on bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.mist[zone] = on
	a.writes++
	return nil
}

func (a *recordingActuator) SetDehumidifier(_ context.Context, zone string, on bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.dryer[zone] = on
	a.writes++
	return nil
}

func TestMonitorShutsDownOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t)

	act := newRecordingActuator()
	probe := &scriptedProbe{id: "tm-2", zone: "tomme", values: []float64{92, 92.5, 91.8}}
	mon, err := New(Config{Interval: 2 * time.Millisecond}, act, probe)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := mon.Run(ctx); err != nil {
		t.Fatalf("Run() = %v", err)
	}
	if st := mon.Snapshot()["tomme"]; st.Mode != ModeIdle {
		t.Errorf("tomme mode = %s, want idle", st.Mode)
	}
}

func TestMonitorStopsWhenProbeKeepsFailing(t *testing.T) {
	defer goleak.VerifyNone(t)

	act := newRecordingActuator()
	washedRind := &scriptedProbe{id: "wr-1", zone: "washed-rind", values: []float64{86, 87, 86.5, 87.2}}
	tomme := &scriptedProbe{id: "tm-1", zone: "tomme", values: []float64{90, 91, 0, 90.5}}
	blue := &scriptedProbe{id: "bl-1", zone: "blue", values: []float64{94, 95}, failFrom: 3}

	mon, err := New(Config{
		Interval:             5 * time.Millisecond,
		Window:               4,
		TargetRH:             92,
		Band:                 2,
		MaxConsecutiveFaults: 2,
		Logger:               log.New(os.Stderr, "test ", log.Lmicroseconds),
	}, act, washedRind, tomme, blue)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	err = mon.Run(ctx)
	if !errors.Is(err, ErrSensorFault) {
		t.Fatalf("Run() = %v, want a sensor fault", err)
	}

	snap := mon.Snapshot()
	if got := snap["washed-rind"]; got.Samples == 0 {
		t.Fatalf("no samples recorded for washed-rind zone")
	}
	act.mu.Lock()
	misting := act.mist["washed-rind"]
	act.mu.Unlock()
	if !misting {
		t.Errorf("washed-rind zone at ~86%%RH should be misting")
	}
}
