// Package consumer implements a consumer group member for a partitioned
// message queue. A Group owns a set of partitions at a time; whenever the
// group coordinator hands out a new assignment, Rebalance stops the
// partitions that moved away (committing their progress) and starts the
// partitions that were newly assigned.
package consumer

import (
	"context"
	"errors"
)

// ErrClosed is returned by Group methods after Close.
var ErrClosed = errors.New("consumer: group closed")

// Message is a single record read from a topic partition.
type Message struct {
	Topic     string
	Partition int
	Offset    int64
	Key       []byte
	Value     []byte
}

// Broker is the subset of the message-queue client used by a Group.
type Broker interface {
	// Fetch returns up to max messages from the partition, starting at
	// offset. It long-polls: it blocks until at least one message is
	// available or ctx is done.
	Fetch(ctx context.Context, topic string, partition int, offset int64, max int) ([]Message, error)

	// Committed returns the next offset the group should read from the
	// partition. It returns -1 if the group has never committed.
	Committed(ctx context.Context, group, topic string, partition int) (int64, error)

	// Commit records offset as the next offset the group should read.
	Commit(ctx context.Context, group, topic string, partition int, offset int64) error
}

// Handler processes messages. Handle is called from one goroutine per
// partition, so calls for the same partition never overlap. The context is
// cancelled when the partition is revoked.
type Handler interface {
	Handle(ctx context.Context, m Message) error
}

// HandlerFunc adapts a function to the Handler interface.
type HandlerFunc func(ctx context.Context, m Message) error

// Handle calls f(ctx, m).
func (f HandlerFunc) Handle(ctx context.Context, m Message) error { return f(ctx, m) }
