package migrate

import "time"

// EventKind says what happened to a migration.
type EventKind int

// Progress event kinds.
const (
	EventApplying EventKind = iota + 1
	EventApplied
	EventFailed
	EventRolledBack
)

// Event is a progress report for one migration.
type Event struct {
	Kind      EventKind
	Migration Migration
	Index     int // 1-based position of the event in this run
	Total     int // number of migrations pending when the run started
	Elapsed   time.Duration
	Err       error
}

// progressBuffer is how many events may queue up for a slow callback before
// further events are dropped.
const progressBuffer = 64

// reporter delivers events to the Progress callback on its own goroutine.
// A nil *reporter discards events.
type reporter struct {
	fn     func(Event)
	clock  Clock
	start  time.Time
	total  int
	seq    int
	events chan Event
	done   chan struct{}
}

func newReporter(fn func(Event), clock Clock, total int) *reporter {
	if fn == nil {
		return nil
	}
	r := &reporter{
		fn:     fn,
		clock:  clock,
		start:  clock.Now(),
		total:  total,
		events: make(chan Event, progressBuffer),
		done:   make(chan struct{}),
	}
	go r.loop()
	return r
}

func (r *reporter) loop() {
	defer close(r.done)
	for ev := range r.events { // leak: events is only closed on the success path of Up
		r.fn(ev)
	}
}

// emit queues an event without blocking the migration.
func (r *reporter) emit(kind EventKind, mig Migration, err error) {
	if r == nil {
		return
	}
	r.seq++
	ev := Event{
		Kind:      kind,
		Migration: mig,
		Index:     r.seq,
		Total:     r.total,
		Elapsed:   r.clock.Now().Sub(r.start),
		Err:       err,
	}
	select {
	case r.events <- ev:
	default:
	}
}

// close waits until every queued event has been handed to the callback.
func (r *reporter) close() {
	if r == nil {
		return
	}
	close(r.events)
	<-r.done
}
