package misting

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSensor struct {
	mu sync.Mutex
	rh map[string]float64
}

func (s *fakeSensor) RelativeHumidity(ctx context.Context, zoneID string) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.rh[zoneID]
	if !ok {
		return 0, errors.New("no probe")
	}
	return v, nil
}

var errSolenoid = errors.New("solenoid did not confirm open")

type fakeValve struct {
	mu     sync.Mutex
	stuck  map[string]bool
	pulses map[string][]time.Duration
}

func (v *fakeValve) Pulse(ctx context.Context, zoneID string, d time.Duration) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.stuck[zoneID] {
		return errSolenoid
	}
	v.pulses[zoneID] = append(v.pulses[zoneID], d)
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func nurseryZones() []ZoneConfig {
	return []ZoneConfig{
		{ID: "B1", Name: "Phalaenopsis bench 1", Genus: "Phalaenopsis", TargetRH: 65, BandRH: 5,
			Pulse: 8 * time.Second, MaxPulse: 30 * time.Second, Cooldown: 20 * time.Minute, DayStart: 7, DayEnd: 17},
		{ID: "H2", Name: "Vanda baskets", Genus: "Vanda", TargetRH: 80, BandRH: 5,
			Pulse: 12 * time.Second, MaxPulse: 45 * time.Second, Cooldown: 10 * time.Minute, DayStart: 6, DayEnd: 18},
		{ID: "B3", Name: "Cattleya bench 3", Genus: "Cattleya", TargetRH: 60, BandRH: 5,
			Pulse: 6 * time.Second, MaxPulse: 20 * time.Second, Cooldown: 30 * time.Minute, DayStart: 8, DayEnd: 16},
	}
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

func TestManualPulseOnFaultyValve(t *testing.T) {
	defer goleak.VerifyNone(t)

	sensor := &fakeSensor{rh: map[string]float64{"B1": 52, "H2": 81, "B3": 63}}
	valve := &fakeValve{stuck: map[string]bool{}, pulses: map[string][]time.Duration{}}
	clock := func() time.Time { return time.Date(2024, 3, 2, 10, 30, 0, 0, time.Local) }

	c, err := NewController(nurseryZones(), sensor, valve,
		WithInterval(2*time.Millisecond),
		WithClock(clock),
		WithLogger(testLogger{t}),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	waitFor(t, "first sweep", func() bool { return c.Sweeps() >= 2 })

	valve.mu.Lock()
	b1 := append([]time.Duration(nil), valve.pulses["B1"]...)
	valve.mu.Unlock()
	if len(b1) != 1 || b1[0] != 16*time.Second {
		t.Errorf("B1 pulses = %v, want one pulse of 16s", b1)
	}
	for _, st := range c.Status() {
		if st.ID != "B1" && st.Pulses != 0 {
			t.Errorf("zone %s pulsed %d times at %.0f%% RH", st.ID, st.Pulses, st.LastRH)
		}
	}

	ctx := context.Background()
	if err := c.MistNow(ctx, "B3", 0); err != nil {
		t.Fatalf("manual pulse on B3: %v", err)
	}

	valve.mu.Lock()
	valve.stuck["H2"] = true
	valve.mu.Unlock()
	if err := c.MistNow(ctx, "H2", time.Minute); !errors.Is(err, errSolenoid) {
		t.Fatalf("manual pulse on H2: got %v, want solenoid fault", err)
	}

	sensor.mu.Lock()
	sensor.rh["H2"] = 70
	sensor.mu.Unlock()
	n := c.Sweeps()
	waitFor(t, "sweep after the fault", func() bool { return c.Sweeps() > n })
	c.Close()
}
