package lockctl

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

// fakeChamber simulates a chamber's water: with paddles drawn on one side the
// chamber moves a fixed step towards that pound on every gauge reading.
type fakeChamber struct {
	mu      sync.Mutex
	levels  Levels
	paddles map[Side]bool
	gates   map[Side]bool
	step    float64

	gateMotion chan Side     // optional: reports each gate movement
	holdGates  chan struct{} // optional: gate movements wait on this
}

func newFakeChamber(upper, lower float64) *fakeChamber {
	return &fakeChamber{
		levels:  Levels{Chamber: lower, Upstream: upper, Downstream: lower},
		paddles: map[Side]bool{},
		gates:   map[Side]bool{Downstream: true},
		step:    0.8,
	}
}

func (f *fakeChamber) SetGates(ctx context.Context, side Side, open bool) error {
	if f.gateMotion != nil {
		f.gateMotion <- side
	}
	if f.holdGates != nil {
		select {
		case <-f.holdGates:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if open && (f.paddles[Upstream] || f.paddles[Downstream]) {
		return errors.New("interlock: paddles drawn")
	}
	f.gates[side] = open
	return nil
}

func (f *fakeChamber) SetSluices(_ context.Context, side Side, open bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if open && f.gates[Upstream] && f.gates[Downstream] {
		return errors.New("interlock: both gates open")
	}
	f.paddles[side] = open
	return nil
}

func (f *fakeChamber) Levels(context.Context) (Levels, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for side, drawn := range f.paddles {
		if !drawn {
			continue
		}
		target := f.levels.pound(side)
		switch {
		case f.levels.Chamber < target-f.step:
			f.levels.Chamber += f.step
		case f.levels.Chamber > target+f.step:
			f.levels.Chamber -= f.step
		default:
			f.levels.Chamber = target
		}
	}
	return f.levels, nil
}

func result(t *testing.T, ch <-chan CycleResult) CycleResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(2 * time.Second):
		t.Fatal("lockage did not complete")
		return CycleResult{}
	}
}

func TestDecommissionRefusedWhileLockageRunning(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctl := NewController(Config{
		QueueDepth:     2,
		CycleTimeout:   time.Second,
		LevelTolerance: 0.02,
		PollInterval:   time.Millisecond,
		Logger:         log.New(os.Stderr, "lockctl: ", 0),
	})

	lock21 := newFakeChamber(64.3, 61.1)
	lock22 := newFakeChamber(67.4, 64.3)
	lock22.gateMotion = make(chan Side, 4)
	lock22.holdGates = make(chan struct{})
	if err := ctl.AddChamber("lock-21", lock21); err != nil {
		t.Fatal(err)
	}
	if err := ctl.AddChamber("lock-22", lock22); err != nil {
		t.Fatal(err)
	}

	up21, err := ctl.Submit("lock-21", Up)
	if err != nil {
		t.Fatal(err)
	}
	if r := result(t, up21); r.Err != nil {
		t.Fatalf("lock-21 up: %v", r.Err)
	}

	up22, err := ctl.Submit("lock-22", Up)
	if err != nil {
		t.Fatal(err)
	}
	<-lock22.gateMotion // lower gates of lock-22 are swinging shut

	if err := ctl.Decommission("lock-22"); !errors.Is(err, ErrChamberBusy) {
		t.Fatalf("Decommission during lockage = %v, want ErrChamberBusy", err)
	}

	close(lock22.holdGates)
	if r := result(t, up22); r.Err != nil {
		t.Fatalf("lock-22 up: %v", r.Err)
	}

	if err := ctl.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
