// Package gateway connects IoT devices to an in-memory message broker. Each
// device connection may follow any number of topic filters; matching messages
// are multiplexed onto the device's single downstream link.
package gateway

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Message is one payload published on a topic.
type Message struct {
	Topic   string
	Payload []byte
}

// Broker fans published messages out to the subscriptions whose filter
// matches the topic. Filters are slash-separated; a "+" segment matches any
// single segment and a trailing "#" matches the rest of the topic.
type Broker struct {
	mu      sync.RWMutex
	subs    map[*Subscription]struct{}
	dropped atomic.Int64
}

// NewBroker returns an empty broker.
func NewBroker() *Broker {
	return &Broker{subs: make(map[*Subscription]struct{})}
}

// Subscription is a registered interest in a topic filter.
type Subscription struct {
	filter []string
	ch     chan Message
}

// C returns the channel on which matching messages are delivered.
func (s *Subscription) C() <-chan Message { return s.ch }

// Subscribe registers filter. Up to buffer messages are held for a slow
// reader; beyond that, new messages for this subscription are dropped.
func (b *Broker) Subscribe(filter string, buffer int) *Subscription {
	s := &Subscription{filter: strings.Split(filter, "/"), ch: make(chan Message, buffer)}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	return s
}

// Unsubscribe stops delivery to s. It is safe to call more than once.
func (b *Broker) Unsubscribe(s *Subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[s]; ok {
		delete(b.subs, s)
		close(s.ch)
	}
}

// Publish delivers payload to every matching subscription without blocking
// and reports how many subscriptions received it.
func (b *Broker) Publish(topic string, payload []byte) int {
	parts := strings.Split(topic, "/")
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for s := range b.subs {
		if !match(s.filter, parts) {
			continue
		}
		select {
		case s.ch <- Message{Topic: topic, Payload: payload}:
			n++
		default:
			b.dropped.Add(1)
		}
	}
	return n
}

// Dropped reports how many deliveries were skipped because a subscriber was
// too slow.
func (b *Broker) Dropped() int64 { return b.dropped.Load() }

func match(filter, topic []string) bool {
	for i, f := range filter {
		switch {
		case f == "#":
			return true
		case i >= len(topic):
			return false
		case f != "+" && f != topic[i]:
			return false
		}
	}
	return len(filter) == len(topic)
}
