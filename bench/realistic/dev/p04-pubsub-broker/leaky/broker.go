// Package pubsub is a small in-process topic broker.
package pubsub

import "sync"

// Message is what publishers send.
type Message struct {
	Topic   string
	Payload []byte
}

// Broker fans messages out to subscribers of a topic.
type Broker struct {
	mu     sync.Mutex
	topics map[string]map[*Subscription]struct{}
}

// NewBroker returns an empty broker.
func NewBroker() *Broker {
	return &Broker{topics: make(map[string]map[*Subscription]struct{})}
}

// Subscribe registers interest in a topic.
func (b *Broker) Subscribe(topic string) *Subscription {
	s := newSubscription(b, topic)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.topics[topic] == nil {
		b.topics[topic] = make(map[*Subscription]struct{})
	}
	b.topics[topic][s] = struct{}{}
	return s
}

// Publish delivers asynchronously so one slow subscriber never blocks the publisher.
func (b *Broker) Publish(m Message) int {
	b.mu.Lock()
	subs := make([]*Subscription, 0, len(b.topics[m.Topic]))
	for s := range b.topics[m.Topic] {
		subs = append(subs, s)
	}
	b.mu.Unlock()
	for _, s := range subs {
		go s.deliver(m)
	}
	return len(subs)
}

func (b *Broker) remove(s *Subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.topics[s.topic], s)
}
