package windtunnel

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errBalanceDrift = errors.New("balance zero drifted")

// scriptedRig holds calibration of selected models until the test
// decides the outcome; other models calibrate at once.
type scriptedRig struct {
	mu          sync.Mutex
	hold        map[string]chan error
	calibrating chan string
}

func (r *scriptedRig) Calibrate(ctx context.Context, model string, angleDeg float64) error {
	r.calibrating <- model
	r.mu.Lock()
	gate := r.hold[model]
	r.mu.Unlock()
	if gate == nil {
		return nil
	}
	select {
	case err := <-gate:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *scriptedRig) Sample(ctx context.Context, v float64) (Sample, error) {
	return Sample{LiftN: 0.8 * v, DragN: 0.1 * v}, nil
}

func TestFacilityContinuesAfterFaultedRun(t *testing.T) {
	defer goleak.VerifyNone(t)

	gate := make(chan error)
	rig := &scriptedRig{
		hold:        map[string]chan error{"wing-A": gate},
		calibrating: make(chan string, 4),
	}
	fac := NewFacility(rig, WithRunTimeout(5*time.Second))

	first := fac.Submit(RunSpec{ID: "r1", Model: "wing-A", AngleDeg: 4, SpeedsMS: []float64{20}, SamplesEach: 3})
	if m := <-rig.calibrating; m != "wing-A" {
		t.Fatalf("first calibration for %s, want wing-A", m)
	}

	second := fac.Submit(RunSpec{ID: "r2", Model: "wing-B", AngleDeg: 2, SpeedsMS: []float64{20, 30}, SamplesEach: 3})
	deadline := time.Now().Add(2 * time.Second)
	for {
		cur, waiting := fac.Status()
		if cur == "r1" && waiting == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status: current %q, %d waiting; want r1 running and one waiting", cur, waiting)
		}
		time.Sleep(5 * time.Millisecond)
	}

	gate <- errBalanceDrift
	res := <-first
	if !errors.Is(res.Err, errBalanceDrift) {
		t.Fatalf("r1: got %v, want balance drift", res.Err)
	}

	select {
	case res := <-second:
		if res.Err != nil {
			t.Fatalf("r2: %v", res.Err)
		}
		if len(res.Points) != 2 || res.Points[1].LiftToDrag < 7.9 || res.Points[1].LiftToDrag > 8.1 {
			t.Errorf("r2 points: %+v", res.Points)
		}
	case <-time.After(time.Second):
		t.Error("r2 never got the tunnel after r1 faulted")
	}

	if n := len(fac.Faults()); n != 1 {
		t.Errorf("%d faults recorded, want 1", n)
	}
}
