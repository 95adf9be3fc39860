// Package consumer is a small consumer-group client for an in-memory,
// Kafka-like broker: topics are split into partitions, each an append-only log.
package consumer

import (
	"errors"
	"fmt"
	"sync"
)

// ErrUnknownPartition is returned for a topic or partition the broker does not have.
var ErrUnknownPartition = errors.New("unknown topic or partition")

// Message is one record of a partition log.
type Message struct {
	Topic     string
	Partition int
	Offset    int64
	Value     []byte
}

// Broker holds partitioned logs in memory.
type Broker struct {
	mu      sync.Mutex
	logs    map[string][][]Message
	changed chan struct{} // closed and replaced on every append
}

// NewBroker returns an empty broker.
func NewBroker() *Broker {
	return &Broker{logs: map[string][][]Message{}, changed: make(chan struct{})}
}

// CreateTopic adds a topic with n empty partitions.
func (b *Broker) CreateTopic(topic string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.logs[topic] = make([][]Message, n)
}

// Produce appends value to a partition and returns its offset.
func (b *Broker) Produce(topic string, partition int, value []byte) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	parts, ok := b.logs[topic]
	if !ok || partition < 0 || partition >= len(parts) {
		return 0, fmt.Errorf("produce %s/%d: %w", topic, partition, ErrUnknownPartition)
	}
	off := int64(len(parts[partition]))
	parts[partition] = append(parts[partition], Message{Topic: topic, Partition: partition, Offset: off, Value: value})
	close(b.changed)
	b.changed = make(chan struct{})
	return off, nil
}

// End returns the offset the next message of a partition will get.
func (b *Broker) End(topic string, partition int) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return int64(len(b.logs[topic][partition]))
}

// at returns the message at offset if there is one, and otherwise a channel
// that is closed when something new is appended.
func (b *Broker) at(topic string, partition int, offset int64) (Message, bool, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	log := b.logs[topic][partition]
	if offset < int64(len(log)) {
		return log[offset], true, nil
	}
	return Message{}, false, b.changed
}

// Subscription delivers the messages of one partition from a starting offset.
type Subscription struct {
	C    <-chan Message
	done chan struct{}
	once sync.Once
}

// Close ends the subscription. It is safe to call more than once.
func (s *Subscription) Close() { s.once.Do(func() { close(s.done) }) }

// Subscribe starts delivering a partition from offset on.
func (b *Broker) Subscribe(topic string, partition int, offset int64) (*Subscription, error) {
	b.mu.Lock()
	parts, ok := b.logs[topic]
	b.mu.Unlock()
	if !ok || partition < 0 || partition >= len(parts) {
		return nil, fmt.Errorf("subscribe %s/%d: %w", topic, partition, ErrUnknownPartition)
	}
	c := make(chan Message)
	s := &Subscription{C: c, done: make(chan struct{})}
	go func() {
		for {
			m, ok, wake := b.at(topic, partition, offset)
			var out chan Message
			if ok {
				out = c
			}
			select {
			case out <- m:
				offset++
			case <-wake:
			case <-s.done:
				return
			}
		}
	}()
	return s, nil
}
