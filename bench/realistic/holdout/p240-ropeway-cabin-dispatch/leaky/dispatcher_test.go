package ropeway

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type stationHW struct {
	mu       sync.Mutex
	launched []string
	closed   map[string]int
}

func (h *stationHW) Close(ctx context.Context, cabin string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed[cabin]++
	return ctx.Err()
}

func (h *stationHW) Launch(ctx context.Context, cabin string) error {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.launched = append(h.launched, cabin)
	return nil
}

type tlog struct{ t *testing.T }

func (l tlog) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func waitDepartures(t *testing.T, deps <-chan Departure, cabins ...string) map[string]Departure {
	t.Helper()
	want := make(map[string]bool)
	for _, id := range cabins {
		want[id] = true
	}
	got := make(map[string]Departure)
	timeout := time.After(2 * time.Second)
	for len(got) < len(want) {
		select {
		case dep := <-deps:
			if !want[dep.Cabin] {
				t.Errorf("unexpected departure of %s", dep.Cabin)
				continue
			}
			got[dep.Cabin] = dep
		case <-timeout:
			t.Fatalf("departed %d of %v before timeout", len(got), cabins)
		}
	}
	return got
}

func TestMorningRushWithHeldCabin(t *testing.T) {
	defer goleak.VerifyNone(t)

	hw := &stationHW{closed: make(map[string]int)}
	deps := make(chan Departure, 8)
	d, err := New(hw, hw, []string{"G01", "G02", "G03", "G04"}, Config{
		Dwell:         10 * time.Millisecond,
		MinSpacing:    4 * time.Millisecond,
		LaunchTimeout: 200 * time.Millisecond,
	}, WithLogger(tlog{t}), WithDepartureHook(func(dep Departure) { deps <- dep }))
	if err != nil {
		t.Fatalf("new: %v", err)
	}

	if err := d.Arrive("G01", 6); err != nil {
		t.Fatalf("arrive G01: %v", err)
	}
	if err := d.Arrive("G02", 3); err != nil {
		t.Fatalf("arrive G02: %v", err)
	}
	if err := d.Hold("G02", "lost ski glove reported"); err != nil {
		t.Fatalf("hold G02: %v", err)
	}
	// The second attendant presses hold on the same cabin from the top
	// station console.
	if err := d.Hold("G02", "door sensor"); !errors.Is(err, ErrAlreadyHeld) {
		t.Fatalf("second hold on G02 = %v, want ErrAlreadyHeld", err)
	}
	if err := d.Arrive("G01", 2); !errors.Is(err, ErrNotOnLine) {
		t.Errorf("arrive docked G01 = %v, want ErrNotOnLine", err)
	}

	dep := waitDepartures(t, deps, "G01")["G01"]
	if dep.Passengers != 6 || dep.Trip != 1 {
		t.Errorf("G01 departure = %+v", dep)
	}
	st, err := d.Status("G01")
	if err != nil || st.State != OnLine {
		t.Errorf("G01 status = %+v, %v", st, err)
	}

	if err := d.Arrive("G03", 4); err != nil {
		t.Fatalf("arrive G03: %v", err)
	}
	if err := d.Arrive("G04", 8); err != nil {
		t.Fatalf("arrive G04: %v", err)
	}
	got := waitDepartures(t, deps, "G03", "G04")
	if got["G03"].Passengers != 4 || got["G04"].Passengers != 8 {
		t.Errorf("departures = %+v", got)
	}

	d.Close()

	hw.mu.Lock()
	defer hw.mu.Unlock()
	for _, id := range hw.launched {
		if id == "G02" {
			t.Errorf("held cabin G02 was launched")
		}
	}
	if len(hw.launched) != 3 {
		t.Errorf("launched %v, want G01, G03, G04", hw.launched)
	}
}
