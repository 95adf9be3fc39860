// Package indexer batches documents for a search cluster's bulk API,
// flushing when a batch grows large enough or old enough.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by Add and Flush after Close.
var ErrClosed = errors.New("indexer: batcher closed")

// Clock abstracts the timers the batcher uses.
type Clock interface {
	After(d time.Duration) <-chan time.Time
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is the part of *time.Timer returned by Clock.AfterFunc.
type Timer interface {
	Stop() bool
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Config controls batching and retries. Zero fields take defaults.
type Config struct {
	// MaxDocs flushes a batch once it holds this many documents.
	MaxDocs int
	// MaxBytes flushes a batch once its estimated body reaches this size.
	MaxBytes int
	// FlushInterval flushes a non-empty batch this long after its first
	// document was added.
	FlushInterval time.Duration
	// MaxRetries is the number of extra attempts for transient failures.
	MaxRetries int
	// BackoffBase and BackoffMax bound the exponential retry delay.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// OnError is called with errors from timer-driven flushes, which have
	// no caller to return them to.
	OnError func(error)
	// Clock is used for flush timers and retry backoff.
	Clock Clock
}

func (c *Config) setDefaults() {
	if c.MaxDocs <= 0 {
		c.MaxDocs = 500
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 5 << 20
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = time.Second
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = 10 * time.Second
	}
	if c.OnError == nil {
		c.OnError = func(error) {}
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
}

// Batcher accumulates documents and sends them in bulk. It is safe for
// concurrent use.
type Batcher struct {
	client BulkClient
	cfg    Config

	// sendMu serialises bulk requests so batches reach the cluster in the
	// order they were cut.
	sendMu sync.Mutex

	mu     sync.Mutex
	batch  []Document
	bytes  int
	timer  Timer
	closed bool
}

// New returns a Batcher that sends to client.
func New(client BulkClient, cfg Config) *Batcher {
	cfg.setDefaults()
	return &Batcher{client: client, cfg: cfg}
}

// Add queues doc. If the batch becomes full it is sent before Add returns,
// and any error from sending it is returned.
func (b *Batcher) Add(ctx context.Context, doc Document) error {
	if doc.Index == "" || doc.ID == "" {
		return fmt.Errorf("indexer: document needs an index and an id")
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	b.batch = append(b.batch, doc)
	b.bytes += doc.size()
	if len(b.batch) == 1 {
		b.timer = b.cfg.Clock.AfterFunc(b.cfg.FlushInterval, b.flushOnTimer)
	}
	var full []Document
	if len(b.batch) >= b.cfg.MaxDocs || b.bytes >= b.cfg.MaxBytes {
		full = b.cutLocked()
	}
	b.mu.Unlock()

	if full == nil {
		return nil
	}
	return b.sendBatch(ctx, full)
}

// Flush sends whatever is currently batched.
func (b *Batcher) Flush(ctx context.Context) error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	docs := b.cutLocked()
	b.mu.Unlock()
	return b.sendBatch(ctx, docs)
}

// Close flushes the remaining documents and rejects further Adds.
func (b *Batcher) Close(ctx context.Context) error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	docs := b.cutLocked()
	b.mu.Unlock()
	if err := b.sendBatch(ctx, docs); err != nil {
		return fmt.Errorf("indexer: final flush: %w", err)
	}
	return nil
}

// cutLocked detaches the current batch and disarms its timer.
func (b *Batcher) cutLocked() []Document {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	docs := b.batch
	b.batch = nil
	b.bytes = 0
	return docs
}

func (b *Batcher) flushOnTimer() {
	b.mu.Lock()
	docs := b.cutLocked()
	b.mu.Unlock()
	if err := b.sendBatch(context.Background(), docs); err != nil {
		b.cfg.OnError(err)
	}
}

func (b *Batcher) sendBatch(ctx context.Context, docs []Document) error {
	if len(docs) == 0 {
		return nil
	}
	b.sendMu.Lock()
	defer b.sendMu.Unlock()
	return b.send(ctx, docs)
}
