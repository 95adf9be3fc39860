// Package bus is an in-process message bus with request/reply on top of topics.
package bus

import (
	"errors"
	"strconv"
	"sync"
	"time"
)

// Envelope carries a message and, for requests, where to reply.
type Envelope struct {
	Topic   string
	Body    string
	ReplyTo string
}

// Handler serves one topic.
type Handler func(Envelope) string

// Bus routes envelopes.
type Bus struct {
	mu       sync.Mutex
	handlers map[string]Handler
	pending  map[string]chan string
	seq      int
}

// New makes an empty bus.
func New() *Bus {
	return &Bus{handlers: map[string]Handler{}, pending: map[string]chan string{}}
}

// Handle registers h for topic.
func (b *Bus) Handle(topic string, h Handler) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.handlers[topic] = h
}

// ErrTimeout is returned when no reply arrives in time.
var ErrTimeout = errors.New("bus: request timed out")

// Request sends body to topic and waits for the reply.
func (b *Bus) Request(topic, body string, timeout time.Duration) (string, error) {
	b.mu.Lock()
	h, ok := b.handlers[topic]
	b.seq++
	id := "r" + strconv.Itoa(b.seq)
	reply := make(chan string)
	b.pending[id] = reply
	b.mu.Unlock()
	if !ok {
		return "", errors.New("bus: no handler for " + topic)
	}

	go b.dispatch(h, Envelope{Topic: topic, Body: body, ReplyTo: id})

	select {
	case r := <-reply:
		return r, nil
	case <-time.After(timeout):
		return "", ErrTimeout
	}
}
