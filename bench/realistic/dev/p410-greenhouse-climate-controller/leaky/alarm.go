package climate

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// AlarmKind classifies alarms.
type AlarmKind string

// Alarm kinds raised by the controller.
const (
	AlarmHighTemp      AlarmKind = "high-temperature"
	AlarmLowTemp       AlarmKind = "low-temperature"
	AlarmSensorFailure AlarmKind = "sensor-failure"
)

// Alarm is a condition that needs a grower's attention.
type Alarm struct {
	Kind   AlarmKind
	Zone   ZoneID
	Detail string
	At     time.Time
}

// AlarmSink delivers alarms, for example to a pager or SMS gateway.
type AlarmSink interface {
	Raise(ctx context.Context, a Alarm) error
}

// alarmTracker raises temperature alarms once per excursion rather than on
// every control round.
type alarmTracker struct {
	sink  AlarmSink
	clock Clock
	log   Logger

	mu     sync.Mutex
	active map[ZoneID]AlarmKind
}

func newAlarmTracker(sink AlarmSink, clock Clock, log Logger) *alarmTracker {
	return &alarmTracker{sink: sink, clock: clock, log: log, active: make(map[ZoneID]AlarmKind)}
}

// check raises an alarm when r leaves z's limits and clears it when r is
// back inside.
func (t *alarmTracker) check(ctx context.Context, z ZoneConfig, r Reading) {
	var kind AlarmKind
	var detail string
	switch {
	case r.TempC >= z.HighAlarmC:
		kind, detail = AlarmHighTemp, fmt.Sprintf("%.1f°C at or above limit %.1f°C", r.TempC, z.HighAlarmC)
	case r.TempC <= z.LowAlarmC:
		kind, detail = AlarmLowTemp, fmt.Sprintf("%.1f°C at or below limit %.1f°C", r.TempC, z.LowAlarmC)
	}

	t.mu.Lock()
	prev := t.active[z.ID]
	if kind == "" {
		delete(t.active, z.ID)
	} else {
		t.active[z.ID] = kind
	}
	t.mu.Unlock()

	if kind != "" && kind != prev {
		t.raise(ctx, Alarm{Kind: kind, Zone: z.ID, Detail: detail})
	}
}

// raise stamps a and hands it to the sink. Delivery failures are logged;
// the control loop must keep running regardless.
func (t *alarmTracker) raise(ctx context.Context, a Alarm) {
	if t.sink == nil {
		t.log.Printf("climate: alarm %s zone %s: %s (no sink configured)", a.Kind, a.Zone, a.Detail)
		return
	}
	a.At = t.clock.Now()
	if err := t.sink.Raise(ctx, a); err != nil {
		t.log.Printf("climate: deliver alarm %s for zone %s: %v", a.Kind, a.Zone, err)
	}
}
