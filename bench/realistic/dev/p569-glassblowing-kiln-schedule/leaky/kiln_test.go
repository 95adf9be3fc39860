package kiln

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errOpenCircuit = errors.New("thermocouple open circuit")

// simKiln is a crude thermal model: each SetDuty call heats the zone in
// proportion to the duty and loses a little to ambient.
type simKiln struct {
	mu    sync.Mutex
	temps map[string]float64
	duty  map[string]float64
}

func newSimKiln(zones ...string) *simKiln {
	k := &simKiln{temps: map[string]float64{}, duty: map[string]float64{}}
	for _, z := range zones {
		k.temps[z] = 21
	}
	return k
}

func (k *simKiln) SetDuty(zone string, duty float64) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.duty[zone] = duty
	k.temps[zone] += duty*60 - (k.temps[zone]-21)*0.01
	return nil
}

func (k *simKiln) temp(zone string) float64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.temps[zone]
}

func (k *simKiln) dutyOf(zone string) float64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.duty[zone]
}

type simThermocouple struct {
	kiln    *simKiln
	zone    string
	latency time.Duration

	mu        sync.Mutex
	reads     int
	failAfter int
}

func (s *simThermocouple) Zone() string { return s.zone }

func (s *simThermocouple) ReadCelsius(ctx context.Context) (float64, error) {
	s.mu.Lock()
	s.reads++
	failing := s.failAfter > 0 && s.reads > s.failAfter
	s.mu.Unlock()
	if failing {
		return 0, errOpenCircuit
	}
	select {
	case <-time.After(s.latency):
		return s.kiln.temp(s.zone), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// fakeClock advances a fixed step on every call, so a multi-hour firing
// schedule runs in a few milliseconds.
type fakeClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func TestTackFuseAbortsOnDoorThermocoupleFault(t *testing.T) {
	defer goleak.VerifyNone(t)

	zones := []string{"crown", "floor", "back", "door"}
	sim := newSimKiln(zones...)
	var sensors []Thermocouple
	for _, z := range zones {
		tc := &simThermocouple{kiln: sim, zone: z, latency: 5 * time.Millisecond}
		if z == "door" {
			tc.failAfter = 6
		}
		sensors = append(sensors, tc)
	}

	clock := &fakeClock{t: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), step: 3 * time.Minute}
	cfg := DefaultConfig()
	cfg.Tick = time.Millisecond
	cfg.ReadTimeout = 200 * time.Millisecond
	cfg.MaxSpread = 200

	c, err := New(sensors, sim, WithConfig(cfg), WithLogger(testLogger{t}), WithClock(clock.Now))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	sched := Schedule{
		Name: "tack fuse 3mm",
		Segments: []Segment{
			{Name: "initial heat", Rate: 300, Target: 677, Hold: 30 * time.Minute},
			{Name: "process", Rate: 0, Target: 770, Hold: 10 * time.Minute},
			{Name: "anneal", Rate: 0, Target: 482, Hold: 60 * time.Minute},
		},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	err = c.Run(ctx, sched)
	if !errors.Is(err, errOpenCircuit) {
		t.Fatalf("Run error = %v, want open circuit fault", err)
	}
	if st := c.Status(); st.Running {
		t.Errorf("controller still reports running after fault: %+v", st)
	}
	for _, z := range zones {
		if d := sim.dutyOf(z); d != 0 {
			t.Errorf("zone %s left at duty %.2f after fault", z, d)
		}
	}
}
