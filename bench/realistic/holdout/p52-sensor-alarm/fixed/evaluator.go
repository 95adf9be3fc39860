// Package alarm turns a stream of sensor readings into alarms.
//
// A sensor must stay above its threshold for several consecutive readings
// before an alarm is raised (debouncing), and an alarm nobody acknowledges
// within the escalation delay is paged to the on-call engineer.
package alarm

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrUnknownAlarm is returned by Ack for a sensor without an active alarm.
var ErrUnknownAlarm = errors.New("alarm: no active alarm")

// Reading is one sample from a sensor.
type Reading struct {
	Sensor string
	Value  float64
	At     time.Time
}

// Alarm is an active alarm for one sensor.
type Alarm struct {
	Sensor string
	Raised time.Time
	Peak   float64
}

// Pager notifies the on-call engineer of an unacknowledged alarm.
type Pager func(a Alarm)

// Config holds the evaluation rules.
type Config struct {
	Threshold     float64
	Debounce      int           // consecutive readings above Threshold (default 3)
	EscalateAfter time.Duration // time an alarm may stay unacknowledged (default 5m)
	Page          Pager
}

// Evaluator tracks sensors and raises, clears and escalates alarms.
type Evaluator struct {
	cfg Config

	mu     sync.Mutex
	cond   *sync.Cond
	streak map[string]int
	active map[string]*Alarm
	closed bool
}

// NewEvaluator validates cfg and starts the escalation loop.
func NewEvaluator(cfg Config) (*Evaluator, error) {
	if cfg.Page == nil {
		return nil, fmt.Errorf("alarm: config: %w", errors.New("pager is required"))
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 3
	}
	if cfg.EscalateAfter <= 0 {
		cfg.EscalateAfter = 5 * time.Minute
	}
	e := &Evaluator{
		cfg:    cfg,
		streak: make(map[string]int),
		active: make(map[string]*Alarm),
	}
	e.cond = sync.NewCond(&e.mu)
	go e.escalate()
	return e, nil
}

// Observe feeds one reading. It reports whether the reading raised a new alarm.
func (e *Evaluator) Observe(r Reading) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	if r.Value <= e.cfg.Threshold {
		e.streak[r.Sensor] = 0
		return false
	}
	if a, ok := e.active[r.Sensor]; ok {
		if r.Value > a.Peak {
			a.Peak = r.Value
		}
		return false
	}
	e.streak[r.Sensor]++
	if e.streak[r.Sensor] < e.cfg.Debounce {
		return false
	}
	e.active[r.Sensor] = &Alarm{Sensor: r.Sensor, Raised: r.At, Peak: r.Value}
	e.cond.Broadcast()
	return true
}

// Ack acknowledges the active alarm of sensor, which stops its escalation.
func (e *Evaluator) Ack(sensor string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.active[sensor]; !ok {
		return fmt.Errorf("alarm: ack %q: %w", sensor, ErrUnknownAlarm)
	}
	delete(e.active, sensor)
	e.streak[sensor] = 0
	e.cond.Broadcast()
	return nil
}

// Active returns a copy of the active alarms.
func (e *Evaluator) Active() []Alarm {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Alarm, 0, len(e.active))
	for _, a := range e.active {
		out = append(out, *a)
	}
	return out
}

// Close stops evaluation and escalation.
func (e *Evaluator) Close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.cond.Broadcast()
}
