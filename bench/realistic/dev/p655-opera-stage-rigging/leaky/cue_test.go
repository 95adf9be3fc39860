package rigging

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDrive struct {
	mu    sync.Mutex
	loads map[int]float64
	moves []int
}

func (d *fakeDrive) Load(_ context.Context, n int) (float64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.loads[n], nil
}

func (d *fakeDrive) MoveTo(ctx context.Context, n int, _, _ float64) error {
	select {
	case <-time.After(10 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	d.mu.Lock()
	d.moves = append(d.moves, n)
	d.mu.Unlock()
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func TestActTwoTransitionWithSnaggedBorder(t *testing.T) {
	defer goleak.VerifyNone(t)

	drive := &fakeDrive{loads: map[int]float64{
		7:  480, // a flat has caught on the forest border
		12: 610,
		14: 590,
		22: 140,
	}}
	rig, err := NewRig(Config{
		LineSets: []LineSetSpec{
			{Number: 7, Name: "Act 2 forest border", LowLimit: 1.2, HighLimit: 21, Home: 21, RatedLoadKg: 350},
			{Number: 12, Name: "LX2", LowLimit: 4, HighLimit: 20, Home: 9.5, RatedLoadKg: 750},
			{Number: 14, Name: "LX3", LowLimit: 4, HighLimit: 20, Home: 20, RatedLoadKg: 750},
			{Number: 22, Name: "Cyclorama", LowLimit: 0, HighLimit: 21.5, Home: 21.5, RatedLoadKg: 400},
		},
		MaxSpeed:   1.5,
		CueTimeout: 300 * time.Millisecond,
		Logger:     testLogger{t},
	}, drive)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	err = rig.RunCue(ctx, Cue{Number: "41", Label: "forest in, cyc in, LX2 to trim", Moves: []Move{
		{LineSet: 7, Target: 6.8, Seconds: 8},
		{LineSet: 22, Target: 0.2, Seconds: 12},
		{LineSet: 12, Target: 11.4},
	}})
	if !errors.Is(err, ErrOverload) {
		t.Fatalf("cue 41: got %v, want ErrOverload", err)
	}

	start := time.Now()
	err = rig.RunCue(ctx, Cue{Number: "41.5", Label: "forest out, LX3 in", Moves: []Move{
		{LineSet: 7, Target: 21},
		{LineSet: 14, Target: 10.2, Seconds: 5},
	}})
	if !errors.Is(err, ErrFaulted) {
		t.Errorf("cue 41.5: got %v, want ErrFaulted", err)
	}
	if took := time.Since(start); took > 200*time.Millisecond {
		t.Errorf("cue 41.5 took %v to report the faulted line set", took)
	}
}
