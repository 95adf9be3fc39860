package garage

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"
)

// AlertKind classifies alerts.
type AlertKind string

// Alert kinds.
const (
	AlertNearFull   AlertKind = "level_near_full"
	AlertLowBattery AlertKind = "sensor_low_battery"
)

// Alert is sent to operators and to the entrance signage controller.
type Alert struct {
	Kind    AlertKind
	Level   string
	BayID   string
	Message string
	At      time.Time
}

// AlertSink delivers alerts, e.g. to a pager or a message bus.
type AlertSink interface {
	Send(ctx context.Context, a Alert) error
}

// alerter decides when to raise alerts. A near-full alert is raised once
// when a level crosses the threshold and re-armed when it drops back below
// it.
type alerter struct {
	sink      AlertSink
	threshold int
	logger    *log.Logger

	mu     sync.Mutex
	raised map[string]bool
}

func newAlerter(sink AlertSink, threshold int, logger *log.Logger) *alerter {
	return &alerter{sink: sink, threshold: threshold, logger: logger, raised: make(map[string]bool)}
}

func (a *alerter) levelChanged(st LevelStatus, at time.Time) {
	full := st.Capacity > 0 && st.Occupied*100 >= st.Capacity*a.threshold
	a.mu.Lock()
	was := a.raised[st.Level]
	a.raised[st.Level] = full
	a.mu.Unlock()
	if !full || was {
		return
	}
	a.send(Alert{
		Kind:    AlertNearFull,
		Level:   st.Level,
		Message: fmt.Sprintf("level %s at %d/%d bays", st.Level, st.Occupied, st.Capacity),
		At:      at,
	})
}

func (a *alerter) lowBattery(bay Bay, pct int, at time.Time) {
	a.send(Alert{
		Kind:    AlertLowBattery,
		Level:   bay.Level,
		BayID:   bay.ID,
		Message: fmt.Sprintf("sensor %s battery at %d%%", bay.Serial, pct),
		At:      at,
	})
}

func (a *alerter) send(al Alert) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.sink.Send(ctx, al); err != nil {
		a.logger.Printf("garage: send %s alert: %v", al.Kind, err)
	}
}
