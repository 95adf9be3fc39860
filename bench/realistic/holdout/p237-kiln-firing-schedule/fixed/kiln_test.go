package kiln

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeKiln is a crude thermal model: every duty update adds heat in
// proportion to the duty and loses some to the room.
type fakeKiln struct {
	mu      sync.Mutex
	temp    float64
	reads   int
	stallAt int
	stall   time.Duration
	off     bool
}

func (k *fakeKiln) ReadCelsius() (float64, error) {
	k.mu.Lock()
	k.reads++
	n, t := k.reads, k.temp
	k.mu.Unlock()
	if n == k.stallAt {
		time.Sleep(k.stall)
	}
	return t, nil
}

func (k *fakeKiln) SetDuty(duty float64) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.temp += duty*20 - (k.temp-20)*0.02
	return nil
}

func (k *fakeKiln) Off() error {
	k.mu.Lock()
	k.off = true
	k.mu.Unlock()
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

const glazeTest = `
# quick glaze test tile firing, accelerated for the simulator
name: Test tile
warm     6000  120  1m
ramp    12000  260  2m
`

func TestFireSurvivesProbeStall(t *testing.T) {
	defer goleak.VerifyNone(t)

	sched, err := ParseSchedule(strings.NewReader(glazeTest))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}

	k := &fakeKiln{temp: 20, stallAt: 6, stall: 60 * time.Millisecond}
	cfg := DefaultConfig()
	cfg.Tick = 2 * time.Millisecond
	cfg.ReadTimeout = 15 * time.Millisecond
	cfg.MaxProbeFailures = 3
	cfg.Gain = 0.1
	cfg.SimSpeed = 3600

	var steps int
	ctl, err := New(k, k, cfg,
		WithLogger(testLogger{t}),
		WithProgress(func(Progress) { steps++ }),
	)
	if err != nil {
		t.Fatalf("new: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	rep, err := ctl.Fire(ctx, sched)
	if err != nil {
		t.Fatalf("fire: %v (report %+v)", err, rep)
	}
	if rep.Segments != 2 {
		t.Errorf("completed %d segments, want 2", rep.Segments)
	}
	if rep.ProbeErrors != 1 {
		t.Errorf("probe errors = %d, want 1", rep.ProbeErrors)
	}
	if rep.PeakTemp < 255 {
		t.Errorf("peak %.1f°C, want about 260°C", rep.PeakTemp)
	}
	if !k.off {
		t.Error("elements left on after firing")
	}
	if steps == 0 {
		t.Error("no progress reported")
	}
}
