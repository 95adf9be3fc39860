package climate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ ch chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.ch }
func (t *fakeTicker) Stop()               {}

type fakeClock struct {
	now    time.Time
	ticker *fakeTicker
}

func (c *fakeClock) Now() time.Time                 { return c.now }
func (c *fakeClock) NewTicker(time.Duration) Ticker { return c.ticker }

// tick delivers one control tick; it returns once the controller took it.
func (c *fakeClock) tick() { c.ticker.ch <- c.now }

// scriptedSensors returns the scripted readings for each zone in order and
// reports the sensor offline once the script is exhausted.
type scriptedSensors struct {
	mu     sync.Mutex
	script map[ZoneID][]Reading
}

func (s *scriptedSensors) Read(ctx context.Context, zone ZoneID) (Reading, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.script[zone]
	if len(rs) == 0 {
		return Reading{}, errors.New("modbus: no response from sensor")
	}
	s.script[zone] = rs[1:]
	r := rs[0]
	r.Zone = zone
	return r, nil
}

type recordingActuators struct{ applied chan string }

func (a *recordingActuators) SetVent(ctx context.Context, zone ZoneID, pct float64) error {
	a.applied <- fmt.Sprintf("%s vent=%.0f", zone, pct)
	return nil
}

func (a *recordingActuators) SetHeater(ctx context.Context, zone ZoneID, pct float64) error {
	a.applied <- fmt.Sprintf("%s heater=%.0f", zone, pct)
	return nil
}

type recordingSink struct {
	mu     sync.Mutex
	alarms []Alarm
}

func (s *recordingSink) Raise(ctx context.Context, a Alarm) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alarms = append(s.alarms, a)
	return nil
}

func TestRunGivesUpOnSensorFaults(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{
		now:    time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC),
		ticker: &fakeTicker{ch: make(chan time.Time)},
	}
	zone := ZoneConfig{SetpointC: 22, DeadbandC: 1, GainPct: 10, HighAlarmC: 32, LowAlarmC: 8, MaxHumidity: 85}
	east, west := zone, zone
	east.ID, west.ID = "house-1/east", "house-1/west"

	sensors := &scriptedSensors{script: map[ZoneID][]Reading{
		east.ID: {{TempC: 33, Humidity: 60}},
		west.ID: {{TempC: 18, Humidity: 90}},
	}}
	act := &recordingActuators{applied: make(chan string, 16)}
	sink := &recordingSink{}

	c, err := New(Config{
		Zones:           []ZoneConfig{east, west},
		Interval:        time.Minute,
		MaxSensorFaults: 2,
		Clock:           clock,
	}, sensors, act, sink)
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}

	errc := make(chan error, 1)
	go func() { errc <- c.Run(context.Background()) }()

	// First round: both zones are readable and get driven.
	clock.tick()
	got := make(map[string]bool)
	for i := 0; i < 4; i++ {
		got[<-act.applied] = true
	}
	for _, want := range []string{
		"house-1/east vent=100", "house-1/east heater=0",
		"house-1/west vent=15", "house-1/west heater=30",
	} {
		if !got[want] {
			t.Errorf("actuator command %q not applied; got %v", want, got)
		}
	}

	// The sensor bus then goes silent for two rounds.
	clock.tick()
	clock.tick()
	err = <-errc
	if !errors.Is(err, ErrSensorFault) {
		t.Fatalf("Run() error = %v, want ErrSensorFault", err)
	}

	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.alarms) != 2 || sink.alarms[0].Kind != AlarmHighTemp || sink.alarms[1].Kind != AlarmSensorFailure {
		t.Fatalf("alarms = %+v, want high-temperature then sensor-failure", sink.alarms)
	}
}
