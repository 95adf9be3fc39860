package feed

import "sync"

type Event struct {
	Topic string
	Body  []byte
}

type listener struct {
	topic  string
	events chan Event
}

// Bus fans events out to listeners registered by topic.
type Bus struct {
	mu        sync.Mutex
	listeners map[int]*listener
	next      int
}

func NewBus() *Bus { return &Bus{listeners: make(map[int]*listener)} }

// Listen registers fn for topic and calls it, in a goroutine of its own, for every
// event published on it. The returned function removes the listener.
func (b *Bus) Listen(topic string, fn func(Event)) (remove func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	l := &listener{topic: topic, events: make(chan Event, 16)}
	id := b.next
	b.next++
	b.listeners[id] = l
	go func() {
		for ev := range l.events {
			fn(ev)
		}
	}()
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.listeners, id)
	}
}

func (b *Bus) Publish(ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.listeners {
		if l.topic == ev.Topic && len(l.events) < cap(l.events) {
			l.events <- ev
		}
	}
}

// Close drops every listener.
func (b *Bus) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = map[int]*listener{}
}
