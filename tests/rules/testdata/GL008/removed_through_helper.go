package removedthroughhelper

import (
	"sync"
	"time"
)

// run: b := NewBroker(); s := b.Subscribe("orders"); b.Publish("orders", "o-1"); b.Unsubscribe(s); time.Sleep(100 * time.Millisecond)

type subscriber struct {
	topic   string
	send    chan string
	joined  time.Time
	handled int
}

func newSubscriber(topic string) *subscriber {
	s := &subscriber{topic: topic, send: make(chan string, 8), joined: time.Now()}
	go s.pump()
	return s
}

func (s *subscriber) pump() {
	for range s.send { // want "goroutine `pump` never finishes ranging over `s.send`: `Unsubscribe` takes its object out through `detachLocked`"
		s.handled++
	}
}

// Broker fans each message out to the subscribers of its topic.
type Broker struct {
	mu   sync.Mutex
	subs map[*subscriber]bool
}

func NewBroker() *Broker { return &Broker{subs: map[*subscriber]bool{}} }

func (b *Broker) Subscribe(topic string) *subscriber {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := newSubscriber(topic)
	b.subs[s] = true
	return s
}

func (b *Broker) Publish(topic, msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		if s.topic != topic {
			continue
		}
		select {
		case s.send <- msg:
		default:
			b.dropLocked(s) // too slow: let it go
		}
	}
}

// detachLocked takes s out of the broker and reports whether it was there.
func (b *Broker) detachLocked(s *subscriber) bool {
	if !b.subs[s] {
		return false
	}
	delete(b.subs, s)
	return true
}

func (b *Broker) dropLocked(s *subscriber) {
	if b.detachLocked(s) {
		close(s.send)
	}
}

// Unsubscribe stops delivering to s.
func (b *Broker) Unsubscribe(s *subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.detachLocked(s) {
		return
	}
}
