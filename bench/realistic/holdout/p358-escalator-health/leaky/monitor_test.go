package escalator

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeSensor answers instantly for known units and hangs on the others
// until the read is cancelled, like a controller that dropped off the bus.
type fakeSensor struct {
	readings map[string]Reading
}

func (f *fakeSensor) Read(ctx context.Context, unit string) (Reading, error) {
	if r, ok := f.readings[unit]; ok {
		return r, nil
	}
	<-ctx.Done()
	return Reading{}, ctx.Err()
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met before deadline")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestAssess(t *testing.T) {
	a := DefaultLimits.Assess(Reading{Unit: "E1", StepSpeed: 0.5, Vibration: 5, MotorTemp: 60})
	if a.Condition != ConditionDegraded || len(a.Findings) != 1 {
		t.Fatalf("got %v %v", a.Condition, a.Findings)
	}
	a = DefaultLimits.Assess(Reading{Unit: "E2", StepSpeed: 0.5, SafetyCircuitOpen: true})
	if a.Condition != ConditionOutOfService {
		t.Fatalf("got %v", a.Condition)
	}
}

func TestDrainWithUnreachableController(t *testing.T) {
	defer goleak.VerifyNone(t)

	sensor := &fakeSensor{readings: map[string]Reading{
		"E1": {StepSpeed: 0.5, Vibration: 1.2, MotorTemp: 55},
		"E2": {StepSpeed: 0.5, Vibration: 8.0, MotorTemp: 70},
	}}
	m := NewMonitor(sensor)
	if err := m.Sweep([]string{"E1", "E2", "E3"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return len(m.Status()) == 2 })

	if got := m.OutOfService(); len(got) != 1 || got[0] != "E2" {
		t.Errorf("OutOfService = %v, want [E2]", got)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := m.Drain(ctx); err != nil {
		t.Errorf("Drain: %v", err)
	}
	if m.Failures("E3") != 1 {
		t.Errorf("E3 failures = %d, want 1", m.Failures("E3"))
	}
	if err := m.Sweep([]string{"E1"}); err != ErrDraining {
		t.Errorf("Sweep after Drain = %v, want ErrDraining", err)
	}
}
