package consumer

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Handler processes one message. A non-nil error makes the consumer
// redeliver the partition from its last committed offset.
type Handler func(ctx context.Context, m Message) error

// Option configures a Consumer.
type Option func(*Consumer)

// WithRetryDelay sets how long a partition worker waits before redelivering.
func WithRetryDelay(d time.Duration) Option { return func(c *Consumer) { c.retryDelay = d } }

// WithErrorHandler receives errors the workers cannot return to anyone.
func WithErrorHandler(f func(error)) Option { return func(c *Consumer) { c.onError = f } }

// Consumer is one member of a consumer group. The group coordinator tells it
// which partitions it owns through Rebalance.
type Consumer struct {
	broker     *Broker
	topic      string
	handle     Handler
	retryDelay time.Duration
	onError    func(error)

	mu      sync.Mutex
	offsets map[int]int64
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// NewConsumer returns a consumer of topic that owns no partitions yet.
func NewConsumer(b *Broker, topic string, h Handler, opts ...Option) *Consumer {
	c := &Consumer{
		broker:     b,
		topic:      topic,
		handle:     h,
		retryDelay: 100 * time.Millisecond,
		onError:    func(error) {},
		offsets:    map[int]int64{},
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Committed returns the committed offset of a partition.
func (c *Consumer) Committed(p int) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offsets[p]
}

func (c *Consumer) commit(p int, off int64) {
	c.mu.Lock()
	c.offsets[p] = off
	c.mu.Unlock()
}

// Rebalance revokes the current assignment, waiting for its workers to stop,
// and starts one worker per newly assigned partition.
func (c *Consumer) Rebalance(partitions []int) {
	c.stop()
	ctx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	c.cancel = cancel
	c.mu.Unlock()
	for _, p := range partitions {
		c.wg.Add(1)
		go c.work(ctx, p)
	}
}

// Close revokes every partition.
func (c *Consumer) Close() { c.stop() }

func (c *Consumer) stop() {
	c.mu.Lock()
	cancel := c.cancel
	c.cancel = nil
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	c.wg.Wait()
}

func (c *Consumer) work(ctx context.Context, p int) {
	defer c.wg.Done()
	sub, err := c.broker.Subscribe(c.topic, p, c.Committed(p))
	if err != nil {
		c.onError(fmt.Errorf("partition %d: %w", p, err))
		return
	}
	defer sub.Close()
	for {
		var m Message
		select {
		case <-ctx.Done():
			return
		case m = <-sub.C:
		}
		if err := c.handle(ctx, m); err != nil {
			c.onError(fmt.Errorf("partition %d offset %d: %w", p, m.Offset, err))
			sub.Close()
			select {
			case <-ctx.Done():
				return
			case <-time.After(c.retryDelay):
			}
			sub, err = c.broker.Subscribe(c.topic, p, c.Committed(p))
			if err != nil {
				c.onError(fmt.Errorf("partition %d: %w", p, err))
				return
			}
			continue
		}
		c.commit(p, m.Offset+1)
	}
}
