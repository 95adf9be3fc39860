package interlock

import (
	"context"
	"errors"
	"io"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDetector struct {
	events chan OccupancyEvent
}

func (d *fakeDetector) Subscribe(context.Context) (<-chan OccupancyEvent, error) {
	return d.events, nil
}

func (d *fakeDetector) emit(t *testing.T, section string, occupied bool) {
	t.Helper()
	select {
	case d.events <- OccupancyEvent{Section: section, Occupied: occupied}:
	case <-time.After(time.Second):
		t.Fatalf("detector event for %s not consumed", section)
	}
}

type fakePointMachine struct {
	mu     sync.Mutex
	thrown []PointRequirement
}

func (m *fakePointMachine) Throw(ctx context.Context, point string, to PointPosition) error {
	select {
	case <-time.After(3 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.thrown = append(m.thrown, PointRequirement{Point: point, Position: to})
	return nil
}

func waitAspect(t *testing.T, ix *Interlocking, signal string, want Aspect) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		if ix.Aspect(signal) == want {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("signal %s shows %s, want %s", signal, ix.Aspect(signal), want)
}

func junctionLayout() Layout {
	return Layout{
		Signals:  []string{"S1", "S2", "S3", "S4"},
		Sections: []string{"T1", "T2", "T3", "T4"},
		Points:   []string{"P1", "P2"},
		Routes: []RouteDef{
			{ID: "S1-S2", Entry: "S1", Exit: "S2", Sections: []string{"T1", "T2"},
				Points: []PointRequirement{{Point: "P1", Position: Reverse}}},
			{ID: "S1-S4", Entry: "S1", Exit: "S4", Sections: []string{"T1", "T4"},
				Points: []PointRequirement{{Point: "P1", Position: Normal}}},
			{ID: "S2-S3", Entry: "S2", Exit: "S3", Sections: []string{"T3"},
				Points: []PointRequirement{{Point: "P2", Position: Reverse}}},
		},
	}
}

func TestTrainThroughJunctionWithPointUnderMaintenance(t *testing.T) {
	logger := log.New(io.Discard, "", 0)
	if testing.Verbose() {
		logger = log.New(os.Stderr, "ixl ", log.Lmicroseconds)
	}
	det := &fakeDetector{events: make(chan OccupancyEvent)}
	pm := &fakePointMachine{}
	ix, err := New(Config{
		Layout:        junctionLayout(),
		Detector:      det,
		Points:        pm,
		Logger:        logger,
		ThrowTimeout:  time.Second,
		ShutdownGrace: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ix.SetOutOfService("P2", true)

	ctx := context.Background()
	if err := ix.RequestRoute(ctx, "S1-S2"); err != nil {
		t.Fatalf("setting S1-S2: %v", err)
	}
	if got := ix.Aspect("S1"); got != Caution {
		t.Fatalf("S1 shows %s, want yellow", got)
	}
	if err := ix.RequestRoute(ctx, "S1-S4"); !errors.Is(err, ErrConflict) {
		t.Fatalf("S1-S4 over a set route: got %v, want conflict", err)
	}

	det.emit(t, "T1", true)
	waitAspect(t, ix, "S1", Danger)

	if err := ix.RequestRoute(ctx, "S2-S3"); !errors.Is(err, ErrPointOutOfService) {
		t.Fatalf("S2-S3 through clipped P2: got %v, want out of service", err)
	}

	det.emit(t, "T2", true)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	pm.mu.Lock()
	throws := len(pm.thrown)
	pm.mu.Unlock()
	if throws != 1 {
		t.Errorf("point machine threw %d times, want 1", throws)
	}

	goleak.VerifyNone(t)
}
