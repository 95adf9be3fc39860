package belts

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDrive struct {
	mu      sync.Mutex
	started []string
	stopped []string
	tripped map[string]string
}

func (d *fakeDrive) Start(_ context.Context, belt string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.started = append(d.started, belt)
	return nil
}

func (d *fakeDrive) Stop(_ context.Context, belt string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopped = append(d.stopped, belt)
	return nil
}

func (d *fakeDrive) EmergencyStop(belt, reason string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tripped == nil {
		d.tripped = map[string]string{}
	}
	d.tripped[belt] = reason
	return nil
}

// surgeScale replays a shift on one belt: steady feed from the primary
// crusher, then a surge when an oversize slab clears the jaw.
type surgeScale struct {
	mu       sync.Mutex
	start    time.Time
	every    time.Duration
	n        int
	surgeAt  int
	surgeLen int
}

func (s *surgeScale) Next(ctx context.Context, belt string) (Sample, error) {
	if err := ctx.Err(); err != nil {
		return Sample{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.n
	s.n++
	tph := 820 + 60*math.Sin(float64(i)/7)
	if i >= s.surgeAt && i < s.surgeAt+s.surgeLen {
		tph = 1290
	}
	return Sample{
		Belt:     belt,
		At:       s.start.Add(time.Duration(i) * s.every),
		TPH:      tph,
		SpeedMPS: 2.4,
	}, nil
}

func TestOverloadTripsBeltAndFeeders(t *testing.T) {
	defer goleak.VerifyNone(t)

	cfg := Config{
		Belts: []BeltSpec{
			{ID: "C1-crusher-discharge", CapacityTPH: 1200, Downstream: "C2-transfer", StartDelay: time.Millisecond},
			{ID: "C2-transfer", CapacityTPH: 1000, Downstream: "C3-stacker", StartDelay: time.Millisecond},
			{ID: "C3-stacker", CapacityTPH: 1100, StartDelay: time.Millisecond},
		},
		OverloadSamples: 3,
	}
	drive := &fakeDrive{}
	shiftStart := time.Date(2024, 5, 6, 6, 0, 0, 0, time.UTC)
	scale := &surgeScale{start: shiftStart, every: 5 * time.Second, surgeAt: 40, surgeLen: 6}

	ctl, err := New(cfg, scale, drive)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if err := ctl.StartLine(ctx); err != nil {
		t.Fatalf("start line: %v", err)
	}
	wantOrder := []string{"C3-stacker", "C2-transfer", "C1-crusher-discharge"}
	for i, id := range wantOrder {
		if drive.started[i] != id {
			t.Fatalf("start order = %v, want %v", drive.started, wantOrder)
		}
	}

	rep, err := ctl.MonitorShift(ctx, "C2-transfer", Shift{Start: shiftStart, End: shiftStart.Add(8 * time.Hour)})
	if !errors.Is(err, ErrBeltTripped) {
		t.Fatalf("MonitorShift error = %v, want ErrBeltTripped", err)
	}
	if rep.Samples != 43 {
		t.Errorf("samples before trip = %d, want 43", rep.Samples)
	}
	if rep.PeakTPH != 1290 {
		t.Errorf("peak = %.0f t/h, want 1290", rep.PeakTPH)
	}

	drive.mu.Lock()
	_, c1 := drive.tripped["C1-crusher-discharge"]
	_, c2 := drive.tripped["C2-transfer"]
	_, c3 := drive.tripped["C3-stacker"]
	drive.mu.Unlock()
	if !c1 || !c2 || c3 {
		t.Errorf("tripped C1=%v C2=%v C3=%v, want C1 and C2 only", c1, c2, c3)
	}

	if _, err := ctl.MonitorShift(ctx, "C2-transfer", Shift{Start: shiftStart, End: shiftStart.Add(time.Hour)}); !errors.Is(err, ErrNotRunning) {
		t.Errorf("monitoring a tripped belt: err = %v, want ErrNotRunning", err)
	}

	if err := ctl.StopLine(ctx); err != nil {
		t.Errorf("stop line: %v", err)
	}
}
