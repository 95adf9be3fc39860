package climate

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type probe struct {
	id     string
	metric Metric

	mu     sync.Mutex
	values []float64
	stalls map[int]time.Duration
	calls  int
}

func (p *probe) ID() string     { return p.id }
func (p *probe) Metric() Metric { return p.metric }

func (p *probe) Read(ctx context.Context) (Reading, error) {
	p.mu.Lock()
	n := p.calls
	p.calls++
	v := p.values[len(p.values)-1]
	if n < len(p.values) {
		v = p.values[n]
	}
	stall := p.stalls[n]
	p.mu.Unlock()

	if stall > 0 {
		// The NDIR cell is warming up and holds the bus.
		time.Sleep(stall)
	}
	return Reading{Metric: p.metric, Value: v}, nil
}

type relay struct {
	mu     sync.Mutex
	states []bool
}

func (r *relay) Set(_ context.Context, on bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.states = append(r.states, on)
	return nil
}

type fan struct {
	mu  sync.Mutex
	pct []int
}

func (f *fan) SetPercent(_ context.Context, pct int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pct = append(f.pct, pct)
	return nil
}

type testLogger struct {
	t  *testing.T
	mu sync.Mutex
	lo []string
}

func (l *testLogger) Printf(format string, args ...interface{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lo = append(l.lo, format)
	l.t.Logf(format, args...)
}

func TestNewControllerRejectsBadConfig(t *testing.T) {
	defer goleak.VerifyNone(t)

	if _, err := NewController(nil); err != ErrNoRooms {
		t.Fatalf("expected ErrNoRooms, got %v", err)
	}
	r := Room{Name: "A1", Stage: Colonization}
	if _, err := NewController([]Room{r, r}); err == nil {
		t.Fatalf("expected duplicate room error")
	}
	if _, err := NewController([]Room{r}, WithSensorTimeout(0)); err == nil {
		t.Fatalf("expected timeout error")
	}
}

func TestFruitingRoomRidesOutStalledCO2Probe(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }

	co2 := &probe{id: "ndir-b2", metric: CO2, values: []float64{1500, 1450, 1100},
		stalls: map[int]time.Duration{1: 60 * time.Millisecond}}
	room := Room{
		Name:  "B2",
		Stage: Fruiting,
		Sensors: []Sensor{
			&probe{id: "sht-b2-a", metric: Temperature, values: []float64{21.0, 21.4, 21.2}},
			&probe{id: "sht-b2-a-rh", metric: Humidity, values: []float64{83.0, 86.0, 88.0}},
			co2,
		},
	}
	fanB2, mister := &fan{}, &relay{}
	room.Actuators = Actuators{Fan: fanB2, Mister: mister, Heater: &relay{}}

	logger := &testLogger{t: t}
	c, err := NewController([]Room{room},
		WithSensorTimeout(15*time.Millisecond),
		WithStaleAfter(10*time.Minute),
		WithLogger(logger),
		WithClock(now),
	)
	if err != nil {
		t.Fatalf("NewController: %v", err)
	}

	ctx := context.Background()

	rep, err := c.Tick(ctx)
	if err != nil {
		t.Fatalf("tick 1: %v", err)
	}
	if got := rep.Rooms[0].Commands; !got.Misting || got.FanPercent <= idleFan {
		t.Fatalf("tick 1: expected misting and raised fan, got %+v", got)
	}

	clock = clock.Add(time.Minute)
	rep, err = c.Tick(ctx)
	if err != nil {
		t.Fatalf("tick 2: %v", err)
	}
	rr := rep.Rooms[0]
	if len(rr.Stale) != 1 || rr.Stale[0] != CO2 {
		t.Fatalf("tick 2: expected stale co2, got %v", rr.Stale)
	}
	if rr.Readings[CO2] != 1500 {
		t.Fatalf("tick 2: expected cached co2 1500, got %v", rr.Readings[CO2])
	}
	if !rr.Commands.Misting {
		t.Fatalf("tick 2: mister should stay on inside the hysteresis band")
	}

	clock = clock.Add(time.Minute)
	rep, err = c.Tick(ctx)
	if err != nil {
		t.Fatalf("tick 3: %v", err)
	}
	if got := rep.Rooms[0].Commands; got.Misting || got.FanPercent != idleFan {
		t.Fatalf("tick 3: expected idle room, got %+v", got)
	}

	found := false
	for _, l := range logger.lo {
		if strings.Contains(l, "using reading from") {
			found = true
		}
	}
	if !found {
		t.Fatalf("expected a stale-reading log line")
	}
	if len(fanB2.pct) != 2 {
		t.Fatalf("fan changes: %v", fanB2.pct)
	}
	if len(mister.states) != 2 {
		t.Fatalf("mister changes: %v", mister.states)
	}
}
