// Package pubsub is an in-memory publish/subscribe broker with named topics,
// durable subscriptions and at-least-once delivery with acknowledgements.
package pubsub

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the broker.
var (
	ErrClosed        = errors.New("pubsub: broker closed")
	ErrTopicExists   = errors.New("pubsub: topic already exists")
	ErrNoTopic       = errors.New("pubsub: no such topic")
	ErrTopicBusy     = errors.New("pubsub: topic has attached subscribers")
	ErrAlreadyActive = errors.New("pubsub: durable subscription already attached")
	ErrUnknownID     = errors.New("pubsub: unknown message id")
)

// Message is a published payload as seen by a subscriber.
type Message struct {
	ID          uint64
	Topic       string
	Payload     []byte
	PublishedAt time.Time
	Attempt     int
}

// Handler processes delivered messages. It must eventually call Ack or Nack
// on the subscription for every message it is given.
type Handler func(m Message)

// Clock abstracts time for tests.
type Clock interface{ Now() time.Time }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Options configures a Broker.
type Options struct {
	// MaxInFlight is the per-subscription limit of unacknowledged messages.
	MaxInFlight int
	// MaxAttempts is how many times a nacked message is redelivered before
	// it is dropped. Zero means unlimited.
	MaxAttempts int
	Clock       Clock
}

// Broker routes published messages to the subscriptions of a topic.
type Broker struct {
	opts Options

	mu     sync.Mutex
	topics map[string]*topic
	nextID uint64
	closed bool
}

type topic struct {
	name string
	subs map[string]*Subscription
}

// NewBroker returns an empty broker.
func NewBroker(opts Options) *Broker {
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 16
	}
	if opts.Clock == nil {
		opts.Clock = wallClock{}
	}
	return &Broker{opts: opts, topics: make(map[string]*topic)}
}

// CreateTopic registers a new topic.
func (b *Broker) CreateTopic(name string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if _, ok := b.topics[name]; ok {
		return fmt.Errorf("create %q: %w", name, ErrTopicExists)
	}
	b.topics[name] = &topic{name: name, subs: make(map[string]*Subscription)}
	return nil
}

// DeleteTopic removes a topic. It fails with ErrTopicBusy while any
// subscriber is attached; detached durable subscriptions and their backlog
// are discarded with the topic.
func (b *Broker) DeleteTopic(name string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.topics[name]
	if !ok {
		return fmt.Errorf("delete %q: %w", name, ErrNoTopic)
	}
	for _, s := range t.subs {
		if s.isAttached() {
			return fmt.Errorf("delete %q: subscription %q: %w", name, s.name, ErrTopicBusy)
		}
	}
	delete(b.topics, name)
	for _, s := range t.subs {
		s.shutdown()
	}
	return nil
}

// Publish appends payload to every subscription of the topic and returns the
// message ID.
func (b *Broker) Publish(topicName string, payload []byte) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, ErrClosed
	}
	t, ok := b.topics[topicName]
	if !ok {
		return 0, fmt.Errorf("publish to %q: %w", topicName, ErrNoTopic)
	}
	b.nextID++
	m := Message{
		ID:          b.nextID,
		Topic:       topicName,
		Payload:     append([]byte(nil), payload...),
		PublishedAt: b.opts.Clock.Now(),
	}
	for _, s := range t.subs {
		s.enqueue(m)
	}
	return m.ID, nil
}

// Subscribe attaches h to the subscription called name on the topic. For a
// durable subscription that already exists, delivery resumes with the backlog
// accumulated while it was detached. Non-durable subscriptions are removed
// when closed.
func (b *Broker) Subscribe(topicName, name string, durable bool, h Handler) (*Subscription, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, ErrClosed
	}
	t, ok := b.topics[topicName]
	if !ok {
		return nil, fmt.Errorf("subscribe to %q: %w", topicName, ErrNoTopic)
	}
	if s, ok := t.subs[name]; ok {
		if !s.durable {
			return nil, fmt.Errorf("subscribe %q/%q: %w", topicName, name, ErrAlreadyActive)
		}
		if err := s.attach(h); err != nil {
			return nil, fmt.Errorf("subscribe %q/%q: %w", topicName, name, err)
		}
		return s, nil
	}
	s := newSubscription(b, t.name, name, durable)
	t.subs[name] = s
	if err := s.attach(h); err != nil {
		return nil, err
	}
	go s.deliver()
	return s, nil
}

// remove drops a closed subscription from its topic.
func (b *Broker) remove(s *Subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t, ok := b.topics[s.topic]; ok && t.subs[s.name] == s {
		delete(t.subs, s.name)
	}
}

// Close shuts down every subscription. Pending messages are discarded.
func (b *Broker) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	var subs []*Subscription
	for _, t := range b.topics {
		for _, s := range t.subs {
			subs = append(subs, s)
		}
	}
	b.topics = nil
	b.mu.Unlock()

	for _, s := range subs {
		s.shutdown()
	}
	return nil
}
