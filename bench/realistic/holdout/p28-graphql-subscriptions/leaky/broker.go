package gqlsub

import "sync"

// Event is something that happened on a topic.
type Event map[string]any

// Broker fans events out to the subscribers of each topic. Slow subscribers
// miss events rather than holding up publishers.
type Broker struct {
	buffer int
	mu     sync.Mutex
	subs   map[string]map[chan Event]struct{}
}

// NewBroker returns a Broker whose subscriptions buffer up to buffer events.
func NewBroker(buffer int) *Broker {
	return &Broker{buffer: buffer, subs: make(map[string]map[chan Event]struct{})}
}

// Subscribe returns a channel of the events published on topic and a function
// that ends the subscription.
func (b *Broker) Subscribe(topic string) (<-chan Event, func()) {
	ch := make(chan Event, b.buffer)
	b.mu.Lock()
	if b.subs[topic] == nil {
		b.subs[topic] = make(map[chan Event]struct{})
	}
	b.subs[topic][ch] = struct{}{}
	b.mu.Unlock()

	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[topic], ch)
	}
}

// Publish delivers ev to every current subscriber of topic that has room and
// reports how many received it.
func (b *Broker) Publish(topic string, ev Event) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for ch := range b.subs[topic] {
		select {
		case ch <- ev:
			n++
		default:
		}
	}
	return n
}
