// Package consumer implements a member of a consumer group reading a
// partitioned log. Each partition assigned to the member is handled by its
// own worker goroutine, so partitions progress independently while messages
// of one partition are handled strictly in order. Offsets of handled
// messages are committed periodically, when a partition is revoked by a
// rebalance, and on shutdown.
package consumer

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"time"
)

// Message is a record read from one partition of a topic.
type Message struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
	Value     []byte
}

// Broker is the log storage the consumer reads from and commits to.
type Broker interface {
	// Fetch returns up to max messages of partition starting at offset.
	Fetch(ctx context.Context, topic string, partition int32, offset, max int64) ([]Message, error)
	// Committed returns the committed offset of the group for partition,
	// or 0 if the group has never committed one.
	Committed(ctx context.Context, group, topic string, partition int32) (int64, error)
	// Commit stores the next offset to read for each partition.
	Commit(ctx context.Context, group, topic string, offsets map[int32]int64) error
}

// Assignment is the set of partitions given to this member by a rebalance.
type Assignment struct {
	Generation int
	Partitions []int32
}

// Coordinator manages group membership. The channel returned by Join
// delivers an Assignment after every rebalance and is closed when the
// member has left the group.
type Coordinator interface {
	Join(ctx context.Context, group, topic string) (<-chan Assignment, error)
}

// Handler processes messages. A handler error is reported to
// Config.OnError and the message is considered handled.
type Handler interface {
	Handle(ctx context.Context, m Message) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, m Message) error

// Handle calls f(ctx, m).
func (f HandlerFunc) Handle(ctx context.Context, m Message) error { return f(ctx, m) }

// Config configures a Consumer.
type Config struct {
	Group string
	Topic string
	// PollInterval is the delay between fetches (default 200ms).
	PollInterval time.Duration
	// CommitInterval is the delay between periodic commits (default 5s).
	CommitInterval time.Duration
	// MaxBatch is the maximum number of messages per fetch (default 500).
	MaxBatch int64
	// OnError is called when the handler fails; by default it logs.
	OnError func(m Message, err error)
	Logger  *log.Logger
}

// Consumer consumes one topic as a member of a consumer group.
type Consumer struct {
	cfg     Config
	broker  Broker
	coord   Coordinator
	handler Handler

	// Owned by the Run goroutine.
	generation int
	workers    map[int32]*partitionWorker
}

// New returns a consumer. Call Run to join the group and start consuming.
func New(cfg Config, broker Broker, coord Coordinator, h Handler) (*Consumer, error) {
	if cfg.Group == "" || cfg.Topic == "" {
		return nil, errors.New("consumer: group and topic are required")
	}
	if broker == nil || coord == nil || h == nil {
		return nil, errors.New("consumer: broker, coordinator and handler are required")
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 200 * time.Millisecond
	}
	if cfg.CommitInterval <= 0 {
		cfg.CommitInterval = 5 * time.Second
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 500
	}
	c := &Consumer{cfg: cfg, broker: broker, coord: coord, handler: h, workers: make(map[int32]*partitionWorker)}
	if c.cfg.OnError == nil {
		c.cfg.OnError = func(m Message, err error) {
			c.logf("consumer: partition %d offset %d: %v", m.Partition, m.Offset, err)
		}
	}
	return c, nil
}

// Run joins the group and consumes until ctx ends or the member leaves the
// group. Before returning it drains all workers and commits their offsets.
func (c *Consumer) Run(ctx context.Context) error {
	assignments, err := c.coord.Join(ctx, c.cfg.Group, c.cfg.Topic)
	if err != nil {
		return fmt.Errorf("consumer: join group %q: %w", c.cfg.Group, err)
	}
	poll := time.NewTicker(c.cfg.PollInterval)
	defer poll.Stop()
	commit := time.NewTicker(c.cfg.CommitInterval)
	defer commit.Stop()

	for {
		select {
		case <-ctx.Done():
			c.shutdown()
			return ctx.Err()
		case a, ok := <-assignments:
			if !ok {
				return c.shutdown()
			}
			if err := c.rebalance(ctx, a); err != nil {
				c.shutdown()
				return err
			}
			c.poll(ctx)
		case <-poll.C:
			c.poll(ctx)
		case <-commit.C:
			if err := c.commitOffsets(ctx, c.positions()); err != nil {
				c.logf("%v", err)
			}
		}
	}
}

// rebalance applies a new assignment: partitions that moved to other members
// are revoked and newly assigned ones are started at their committed offset.
func (c *Consumer) rebalance(ctx context.Context, a Assignment) error {
	if a.Generation <= c.generation {
		c.logf("consumer: ignoring stale assignment of generation %d", a.Generation)
		return nil
	}
	c.generation = a.Generation

	want := make(map[int32]bool, len(a.Partitions))
	for _, p := range a.Partitions {
		want[p] = true
	}
	for _, p := range c.owned() {
		if !want[p] {
			if err := c.revoke(ctx, p); err != nil {
				c.logf("%v", err)
			}
		}
	}
	for _, p := range a.Partitions {
		if _, ok := c.workers[p]; ok {
			continue
		}
		off, err := c.broker.Committed(ctx, c.cfg.Group, c.cfg.Topic, p)
		if err != nil {
			return fmt.Errorf("consumer: committed offset of partition %d: %w", p, err)
		}
		c.workers[p] = startWorker(ctx, p, off, c.handler, c.cfg.OnError)
	}
	return nil
}

// revoke gives up a partition that now belongs to another member. Work in
// flight is cancelled rather than finished: the new owner resumes from the
// committed offset, so the offset of what was fully handled is committed.
func (c *Consumer) revoke(ctx context.Context, p int32) error {
	w := c.workers[p]
	delete(c.workers, p)
	w.abort()
	return c.commitOffsets(ctx, map[int32]int64{p: w.position()})
}

// shutdown drains all workers and commits their final offsets.
func (c *Consumer) shutdown() error {
	offsets := make(map[int32]int64, len(c.workers))
	for p, w := range c.workers {
		w.drain()
		offsets[p] = w.position()
		delete(c.workers, p)
	}
	// The run context may be gone already; the final commit gets its own.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.commitOffsets(ctx, offsets)
}

// poll fetches the next batch for every partition whose worker is idle.
func (c *Consumer) poll(ctx context.Context) {
	for _, p := range c.owned() {
		w := c.workers[p]
		if !w.idle() {
			continue
		}
		msgs, err := c.broker.Fetch(ctx, c.cfg.Topic, p, w.next, c.cfg.MaxBatch)
		if err != nil {
			c.logf("consumer: fetch partition %d at %d: %v", p, w.next, err)
			continue
		}
		if len(msgs) > 0 && w.enqueue(msgs) {
			w.next = msgs[len(msgs)-1].Offset + 1
		}
	}
}

func (c *Consumer) commitOffsets(ctx context.Context, offsets map[int32]int64) error {
	if len(offsets) == 0 {
		return nil
	}
	if err := c.broker.Commit(ctx, c.cfg.Group, c.cfg.Topic, offsets); err != nil {
		return fmt.Errorf("consumer: commit %v: %w", offsets, err)
	}
	return nil
}

func (c *Consumer) positions() map[int32]int64 {
	offsets := make(map[int32]int64, len(c.workers))
	for p, w := range c.workers {
		offsets[p] = w.position()
	}
	return offsets
}

// owned returns the owned partitions in ascending order.
func (c *Consumer) owned() []int32 {
	ps := make([]int32, 0, len(c.workers))
	for p := range c.workers {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	return ps
}

func (c *Consumer) logf(format string, args ...interface{}) {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Printf(format, args...)
	}
}
