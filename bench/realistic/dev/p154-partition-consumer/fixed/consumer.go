// Package partition consumes one partition of an append-only log, handing
// each record to a handler in order and committing offsets behind it.
package partition

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Record is one entry of a partition.
type Record struct {
	Offset int64
	Key    []byte
	Value  []byte
}

// Log is the broker side of one partition.
type Log interface {
	// Fetch returns up to max records starting at offset from. It returns an
	// empty slice when the consumer has caught up.
	Fetch(ctx context.Context, from int64, max int) ([]Record, error)
}

// OffsetStore persists the offset of the next record to read.
type OffsetStore interface {
	Load(ctx context.Context) (int64, error)
	Commit(ctx context.Context, next int64) error
}

// Handler processes one record. A non-nil error stops the consumer.
type Handler func(ctx context.Context, r Record) error

// Option configures a Consumer.
type Option func(*Consumer)

// WithBatchSize sets how many records one fetch asks for.
func WithBatchSize(n int) Option { return func(c *Consumer) { c.batchSize = n } }

// WithCommitInterval sets how often handled offsets are committed.
func WithCommitInterval(d time.Duration) Option { return func(c *Consumer) { c.commitEvery = d } }

// WithIdleWait sets how long to wait before fetching again once caught up.
func WithIdleWait(d time.Duration) Option { return func(c *Consumer) { c.idleWait = d } }

// WithLogger sets where commit failures are reported.
func WithLogger(l *log.Logger) Option { return func(c *Consumer) { c.logger = l } }

// Consumer reads one partition.
type Consumer struct {
	log     Log
	offsets OffsetStore
	handle  Handler

	batchSize   int
	commitEvery time.Duration
	idleWait    time.Duration
	logger      *log.Logger
}

// NewConsumer returns a consumer of l that resumes from the offset in offsets.
func NewConsumer(l Log, offsets OffsetStore, h Handler, opts ...Option) *Consumer {
	c := &Consumer{
		log:         l,
		offsets:     offsets,
		handle:      h,
		batchSize:   100,
		commitEvery: 5 * time.Second,
		idleWait:    500 * time.Millisecond,
		logger:      log.Default(),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Run consumes until ctx is cancelled or the handler fails. Offsets of
// handled records are committed periodically and once more at the end.
func (c *Consumer) Run(ctx context.Context) error {
	next, err := c.offsets.Load(ctx)
	if err != nil {
		return fmt.Errorf("partition: load offset: %w", err)
	}

	acks := make(chan int64, c.batchSize)
	committed := make(chan error, 1)
	go func() { committed <- c.commitLoop(acks) }()

	err = c.consume(ctx, next, acks)
	close(acks)
	if cerr := <-committed; err == nil {
		err = cerr
	}
	return err
}

// consume fetches and handles records from next on, acknowledging each
// handled record on acks. It returns nil when ctx is cancelled.
func (c *Consumer) consume(ctx context.Context, next int64, acks chan<- int64) error {
	for {
		recs, err := c.log.Fetch(ctx, next, c.batchSize)
		if err != nil {
			if errors.Is(err, context.Canceled) && ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("partition: fetch at offset %d: %w", next, err)
		}
		if len(recs) == 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(c.idleWait):
			}
			continue
		}
		for _, r := range recs {
			if err := c.handle(ctx, r); err != nil {
				return fmt.Errorf("partition: handle offset %d: %w", r.Offset, err)
			}
			next = r.Offset + 1
			acks <- next
		}
	}
}
