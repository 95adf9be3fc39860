// Package batcher groups individual inference requests into batches so that
// a model server can amortise the fixed cost of a forward pass, and scatters
// the batched outputs back to the callers that submitted them.
package batcher

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Model runs inference over a batch of inputs. Implementations must return
// exactly one output per input, in the same order.
type Model interface {
	Predict(ctx context.Context, inputs [][]float32) ([][]float32, error)
}

var (
	// ErrClosed is returned by Submit once the batcher has shut down.
	ErrClosed = errors.New("batcher: closed")
	// ErrShapeMismatch is returned when the model produces a different
	// number of outputs than it was given inputs.
	ErrShapeMismatch = errors.New("batcher: model output count does not match input count")
)

type config struct {
	maxBatch       int
	maxDelay       time.Duration
	workers        int
	queueSize      int
	predictTimeout time.Duration
}

func defaultConfig() config {
	return config{
		maxBatch:  32,
		maxDelay:  5 * time.Millisecond,
		workers:   1,
		queueSize: 128,
	}
}

func (c config) validate() error {
	switch {
	case c.maxBatch < 1:
		return fmt.Errorf("max batch size must be positive, got %d", c.maxBatch)
	case c.maxDelay <= 0:
		return fmt.Errorf("max delay must be positive, got %v", c.maxDelay)
	case c.workers < 1:
		return fmt.Errorf("worker count must be positive, got %d", c.workers)
	case c.queueSize < 0:
		return fmt.Errorf("queue size must not be negative, got %d", c.queueSize)
	}
	return nil
}

// Option configures a Batcher.
type Option func(*config)

// WithMaxBatch sets the largest number of requests sent to the model at once.
func WithMaxBatch(n int) Option { return func(c *config) { c.maxBatch = n } }

// WithMaxDelay bounds how long the first request of a batch may wait for
// others to join it.
func WithMaxDelay(d time.Duration) Option { return func(c *config) { c.maxDelay = d } }

// WithWorkers sets how many batches may be in flight against the model.
func WithWorkers(n int) Option { return func(c *config) { c.workers = n } }

// WithQueueSize sets how many submitted requests may wait to be batched.
func WithQueueSize(n int) Option { return func(c *config) { c.queueSize = n } }

// WithPredictTimeout bounds each call to Model.Predict. Zero means no bound
// beyond the batcher's own context.
func WithPredictTimeout(d time.Duration) Option { return func(c *config) { c.predictTimeout = d } }

// Stats is a snapshot of batcher counters.
type Stats struct {
	Requests uint64
	Batches  uint64
	Failures uint64
}

// Batcher collects requests submitted concurrently and runs them through a
// Model in batches bounded by size and delay.
type Batcher struct {
	model Model
	cfg   config

	requests chan *request
	batches  chan []*request
	closing  chan struct{}
	done     chan struct{}

	closeOnce sync.Once
	wg        sync.WaitGroup

	nRequests uint64
	nBatches  uint64
	nFailures uint64
}

// New starts a Batcher that serves requests until ctx is cancelled or Close
// is called.
func New(ctx context.Context, model Model, opts ...Option) (*Batcher, error) {
	if model == nil {
		return nil, errors.New("batcher: nil model")
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("batcher: invalid config: %w", err)
	}

	b := &Batcher{
		model:    model,
		cfg:      cfg,
		requests: make(chan *request, cfg.queueSize),
		batches:  make(chan []*request, cfg.workers),
		closing:  make(chan struct{}),
		done:     make(chan struct{}),
	}
	b.wg.Add(cfg.workers)
	for i := 0; i < cfg.workers; i++ {
		go b.worker(ctx)
	}
	go b.run(ctx)
	return b, nil
}

// Submit queues input for inference and waits for its output. It returns
// early if ctx is done, in which case the output, if any, is discarded.
func (b *Batcher) Submit(ctx context.Context, input []float32) ([]float32, error) {
	req := &request{ctx: ctx, input: input, resp: make(chan result, 1)}
	select {
	case b.requests <- req:
		atomic.AddUint64(&b.nRequests, 1)
	case <-b.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	select {
	case res := <-req.resp:
		return res.output, res.err
	case <-b.done:
		// The loop may have replied on its way out; prefer that answer.
		select {
		case res := <-req.resp:
			return res.output, res.err
		default:
			return nil, ErrClosed
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops accepting requests, flushes any partially filled batch and
// waits for the batching loop to exit. It is safe to call more than once.
func (b *Batcher) Close() error {
	b.closeOnce.Do(func() { close(b.closing) })
	<-b.done
	return nil
}

// Done is closed once the batching loop has exited, either because Close
// was called or because the context passed to New ended.
func (b *Batcher) Done() <-chan struct{} { return b.done }

// Stats returns a snapshot of the batcher's counters.
func (b *Batcher) Stats() Stats {
	return Stats{
		Requests: atomic.LoadUint64(&b.nRequests),
		Batches:  atomic.LoadUint64(&b.nBatches),
		Failures: atomic.LoadUint64(&b.nFailures),
	}
}
