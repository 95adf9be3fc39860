package rotation

import (
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeMotor struct {
	mu      sync.Mutex
	degrees float64
	steps   int
	parked  bool
	failing error
}

func (m *fakeMotor) Step(deg float64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failing != nil {
		return m.failing
	}
	m.degrees += deg
	m.steps++
	m.parked = false
	return nil
}

func (m *fakeMotor) Park() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.parked = true
	return nil
}

func (m *fakeMotor) Steps() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.steps
}

func (m *fakeMotor) Parked() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.parked
}

type fakeLamp struct {
	mu       sync.Mutex
	on       bool
	switches int
}

func (l *fakeLamp) Switch(on bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = on
	l.switches++
	return nil
}

func (l *fakeLamp) On() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.on
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestParseCharacteristic(t *testing.T) {
	c, err := ParseCharacteristic("Fl(2) W 20s")
	if err != nil {
		t.Fatal(err)
	}
	if c.Flashes != 2 || c.Colour != "W" || c.Period != 20*time.Second {
		t.Fatalf("parsed %+v", c)
	}
	if got := c.String(); got != "Fl(2) W 20s" {
		t.Fatalf("String() = %q", got)
	}
	if _, err := ParseCharacteristic("Oc R 4s"); err == nil {
		t.Fatal("occulting light accepted")
	}
	rev, err := c.Revolution(8)
	if err != nil || rev != 80*time.Second {
		t.Fatalf("Revolution(8) = %v, %v", rev, err)
	}
}

func TestNightWatchThenShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	motor := &fakeMotor{}
	lamp := &fakeLamp{}
	r, err := New(Config{
		Station:         "Longstone",
		Characteristic:  "Fl(2) W 20s",
		Panels:          8,
		StepInterval:    time.Millisecond,
		ShutdownTimeout: 250 * time.Millisecond,
	}, motor, lamp)
	if err != nil {
		t.Fatal(err)
	}

	// Dusk.
	if err := r.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if !lamp.On() {
		t.Fatal("lamp not lit after Start")
	}
	waitFor(t, "carriage to turn", func() bool { return motor.Steps() >= 20 })

	// Dawn.
	if err := r.Standby(); err != nil {
		t.Fatalf("Standby: %v", err)
	}
	if lamp.On() {
		t.Fatal("lamp still lit in standby")
	}
	st := r.Status()
	if st.Mode != ModeStandby || st.Steps < 20 || st.Bearing <= 0 {
		t.Fatalf("unexpected status after dawn: %+v", st)
	}
	before := motor.Steps()
	time.Sleep(10 * time.Millisecond)
	if after := motor.Steps(); after != before {
		t.Fatalf("carriage kept turning in standby: %d -> %d steps", before, after)
	}

	// Keeper takes the station off line for maintenance.
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if !motor.Parked() {
		t.Error("carriage not parked after Close")
	}
	if err := r.Start(); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close = %v, want ErrClosed", err)
	}
}
