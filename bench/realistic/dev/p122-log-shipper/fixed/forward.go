// Package shipper tails log files and forwards their lines to a collector in
// batches, the way a logging sidecar does next to an application container.
package shipper

import (
	"context"
	"time"
)

// Batch is a group of lines from one source file.
type Batch struct {
	Source string
	Lines  []string
}

// Forwarder delivers a batch to the collector.
type Forwarder interface {
	Forward(ctx context.Context, b Batch) error
}

// ForwarderFunc adapts a function to the Forwarder interface.
type ForwarderFunc func(ctx context.Context, b Batch) error

// Forward calls f.
func (f ForwarderFunc) Forward(ctx context.Context, b Batch) error { return f(ctx, b) }

// Stats counts what a call to Ship delivered.
type Stats struct {
	Lines   int
	Batches int
}

type config struct {
	batchSize  int
	flushEvery time.Duration
	poll       time.Duration
	attempts   int
	backoff    time.Duration
}

// Option tunes Ship.
type Option func(*config)

// WithBatchSize sets how many lines are sent per batch.
func WithBatchSize(n int) Option { return func(c *config) { c.batchSize = n } }

// WithFlushInterval sets how long a partial batch may wait before it is sent.
func WithFlushInterval(d time.Duration) Option { return func(c *config) { c.flushEvery = d } }

// WithPollInterval sets how often the file is checked for new data at EOF.
func WithPollInterval(d time.Duration) Option { return func(c *config) { c.poll = d } }

// WithRetry sets how many times a batch is tried, and the pause between tries.
func WithRetry(attempts int, backoff time.Duration) Option {
	return func(c *config) { c.attempts, c.backoff = attempts, backoff }
}

func newConfig(opts []Option) config {
	c := config{
		batchSize:  500,
		flushEvery: time.Second,
		poll:       250 * time.Millisecond,
		attempts:   3,
		backoff:    200 * time.Millisecond,
	}
	for _, o := range opts {
		o(&c)
	}
	if c.attempts < 1 {
		c.attempts = 1
	}
	return c
}

// forwardWithRetry sends b, retrying transient failures with a fixed backoff.
func forwardWithRetry(ctx context.Context, fwd Forwarder, b Batch, cfg config) error {
	var err error
	for i := 0; i < cfg.attempts; i++ {
		if err = fwd.Forward(ctx, b); err == nil {
			return nil
		}
		if i == cfg.attempts-1 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(cfg.backoff):
		}
	}
	return err
}
