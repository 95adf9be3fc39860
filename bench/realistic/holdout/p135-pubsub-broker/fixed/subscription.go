package pubsub

import (
	"fmt"
	"sync"
)

// Subscription is a queue of messages for one consumer of a topic. A single
// goroutine per subscription delivers messages to the attached handler in
// publish order, keeping at most MaxInFlight of them unacknowledged.
type Subscription struct {
	broker  *Broker
	topic   string
	name    string
	durable bool

	mu       sync.Mutex
	cond     *sync.Cond
	handler  Handler
	queue    []Message
	inflight map[uint64]Message
	closed   bool
}

func newSubscription(b *Broker, topic, name string, durable bool) *Subscription {
	s := &Subscription{
		broker:   b,
		topic:    topic,
		name:     name,
		durable:  durable,
		inflight: make(map[uint64]Message),
	}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// Name returns the subscription name.
func (s *Subscription) Name() string { return s.name }

func (s *Subscription) isAttached() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handler != nil
}

func (s *Subscription) attach(h Handler) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.handler != nil {
		return ErrAlreadyActive
	}
	s.handler = h
	// Messages handed to the previous consumer were never acknowledged.
	s.requeueInflightLocked()
	s.cond.Broadcast()
	return nil
}

func (s *Subscription) requeueInflightLocked() {
	if len(s.inflight) == 0 {
		return
	}
	back := make([]Message, 0, len(s.inflight)+len(s.queue))
	for _, m := range s.inflight {
		back = append(back, m)
	}
	sortByID(back)
	s.queue = append(back, s.queue...)
	s.inflight = make(map[uint64]Message)
}

func (s *Subscription) enqueue(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.queue = append(s.queue, m)
	s.cond.Signal()
}

// Ack acknowledges a delivered message.
func (s *Subscription) Ack(id uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.inflight[id]; !ok {
		return fmt.Errorf("ack %d on %q: %w", id, s.name, ErrUnknownID)
	}
	delete(s.inflight, id)
	s.cond.Signal()
	return nil
}

// Nack returns a delivered message to the front of the queue for redelivery,
// unless it has exhausted MaxAttempts.
func (s *Subscription) Nack(id uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.inflight[id]
	if !ok {
		return fmt.Errorf("nack %d on %q: %w", id, s.name, ErrUnknownID)
	}
	delete(s.inflight, id)
	if limit := s.broker.opts.MaxAttempts; limit == 0 || m.Attempt < limit {
		s.queue = append([]Message{m}, s.queue...)
	}
	s.cond.Signal()
	return nil
}

// Detach stops delivery to the current handler. A durable subscription keeps
// accumulating messages until a new handler attaches; a non-durable one is
// closed.
func (s *Subscription) Detach() {
	if !s.durable {
		s.Close()
		return
	}
	s.mu.Lock()
	s.handler = nil
	s.mu.Unlock()
}

// Close removes the subscription and stops its delivery goroutine.
func (s *Subscription) Close() {
	s.broker.remove(s)
	s.shutdown()
}

func (s *Subscription) shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.handler = nil
	s.queue = nil
	s.cond.Broadcast()
}

// Pending returns the number of queued and unacknowledged messages.
func (s *Subscription) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue) + len(s.inflight)
}

// readyLocked reports whether the delivery goroutine has work it may do now.
func (s *Subscription) readyLocked() bool {
	return s.handler != nil &&
		len(s.queue) > 0 &&
		len(s.inflight) < s.broker.opts.MaxInFlight
}

func (s *Subscription) deliver() {
	for {
		s.mu.Lock()
		for !s.closed && !s.readyLocked() {
			s.cond.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		m := s.queue[0]
		s.queue = s.queue[1:]
		m.Attempt++
		s.inflight[m.ID] = m
		h := s.handler
		s.mu.Unlock()

		h(m)
	}
}

func sortByID(ms []Message) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].ID < ms[j-1].ID; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
