// Package remotewrite ships metric samples to a Prometheus-compatible
// remote-write endpoint. Samples are sharded by series, so that every series
// is delivered in order, batched per shard and retried with exponential
// backoff for as long as the endpoint reports recoverable errors.
package remotewrite

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

var (
	// ErrStopped is returned by Append after Stop, and by Start or Stop when
	// called out of order.
	ErrStopped = errors.New("remotewrite: writer stopped")
	// ErrQueueFull is returned by Append when the writer cannot keep up.
	ErrQueueFull = errors.New("remotewrite: incoming queue full")
)

// Label is one name/value pair of a series.
type Label struct {
	Name, Value string
}

// Sample is one value of a series at a point in time.
type Sample struct {
	Labels      []Label
	TimestampMs int64
	Value       float64
}

// seriesHash identifies the series of s; labels are expected to be sorted.
func (s Sample) seriesHash() uint64 {
	h := fnv.New64a()
	for _, l := range s.Labels {
		h.Write([]byte(l.Name))
		h.Write([]byte{0xff})
		h.Write([]byte(l.Value))
		h.Write([]byte{0xff})
	}
	return h.Sum64()
}

// Client sends one batch of samples to the remote endpoint.
type Client interface {
	// Store sends batch. Errors wrapped in a *RecoverableError are retried,
	// all others cause the batch to be dropped.
	Store(ctx context.Context, batch []Sample) error
}

// RecoverableError marks a failure worth retrying, such as HTTP 5xx or 429.
type RecoverableError struct {
	Err        error
	RetryAfter time.Duration // hint from the server, zero if none
}

func (e *RecoverableError) Error() string { return "recoverable: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *RecoverableError) Unwrap() error { return e.Err }

// Config tunes the writer. Zero fields take the defaults shown.
type Config struct {
	Shards            int           // parallel senders, default 4
	Capacity          int           // samples buffered per shard, default 2500
	MaxSamplesPerSend int           // default 500
	MinBackoff        time.Duration // default 30ms
	MaxBackoff        time.Duration // default 5s
	IncomingBatches   int           // Append calls buffered, default 64
}

func (c Config) withDefaults() Config {
	if c.Shards <= 0 {
		c.Shards = 4
	}
	if c.Capacity <= 0 {
		c.Capacity = 2500
	}
	if c.MaxSamplesPerSend <= 0 {
		c.MaxSamplesPerSend = 500
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = 30 * time.Millisecond
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = 5 * time.Second
	}
	if c.IncomingBatches <= 0 {
		c.IncomingBatches = 64
	}
	return c
}

// Stats are cumulative sample counters.
type Stats struct {
	Sent, Failed, Dropped, Retries int64
}

// Option configures a Writer.
type Option func(*Writer)

// WithLogf routes diagnostic messages to logf.
func WithLogf(logf func(format string, args ...interface{})) Option {
	return func(w *Writer) { w.logf = logf }
}

// Writer queues samples and sends them to a Client in the background.
type Writer struct {
	client Client
	cfg    Config
	logf   func(format string, args ...interface{})

	incoming chan []Sample
	shards   []*shard
	runners  sync.WaitGroup
	flushed  chan struct{} // closed once every queued sample was handled

	// ctx is cancelled to abort in-flight sends when Stop gives up.
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	started bool
	stopped bool

	sent, failed, dropped, retries atomic.Int64
}

// New returns a Writer sending through client.
func New(client Client, cfg Config, opts ...Option) (*Writer, error) {
	if client == nil {
		return nil, errors.New("remotewrite: nil client")
	}
	cfg = cfg.withDefaults()
	w := &Writer{
		client:   client,
		cfg:      cfg,
		logf:     log.Printf,
		incoming: make(chan []Sample, cfg.IncomingBatches),
		flushed:  make(chan struct{}),
	}
	for _, o := range opts {
		o(w)
	}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	for i := 0; i < cfg.Shards; i++ {
		w.shards = append(w.shards, &shard{id: i, queue: newSampleQueue(cfg.Capacity)})
	}
	return w, nil
}

// Start launches the dispatcher and one sender per shard.
func (w *Writer) Start() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.started || w.stopped {
		return ErrStopped
	}
	w.started = true
	w.runners.Add(len(w.shards))
	for _, s := range w.shards {
		go w.runShard(s)
	}
	go w.dispatch()
	return nil
}

// Append queues samples for sending. It never blocks: when the writer is
// behind, the samples are dropped and ErrQueueFull is returned.
func (w *Writer) Append(samples []Sample) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return ErrStopped
	}
	select {
	case w.incoming <- samples:
		return nil
	default:
		w.dropped.Add(int64(len(samples)))
		return ErrQueueFull
	}
}

// Stop stops accepting samples and waits until the queued ones are sent.
// If ctx is done first, in-flight sends are aborted, the remaining samples
// are dropped and the context's error is returned.
func (w *Writer) Stop(ctx context.Context) error {
	w.mu.Lock()
	if !w.started || w.stopped {
		w.mu.Unlock()
		return ErrStopped
	}
	w.stopped = true
	close(w.incoming)
	w.mu.Unlock()

	select {
	case <-w.flushed:
		w.cancel()
		return nil
	case <-ctx.Done():
	}
	w.cancel()
	w.runners.Wait()
	return fmt.Errorf("remotewrite: flush deadline exceeded: %w", ctx.Err())
}

// Stats returns the current counters.
func (w *Writer) Stats() Stats {
	return Stats{
		Sent:    w.sent.Load(),
		Failed:  w.failed.Load(),
		Dropped: w.dropped.Load(),
		Retries: w.retries.Load(),
	}
}

// dispatch routes appended samples to the shard owning their series and,
// once Append is closed, waits for the shards to drain.
func (w *Writer) dispatch() {
	n := uint64(len(w.shards))
	for samples := range w.incoming {
		for _, smp := range samples {
			s := w.shards[smp.seriesHash()%n]
			if !s.queue.push(smp) {
				w.dropped.Add(1)
			}
		}
	}
	for _, s := range w.shards {
		s.queue.close()
	}
	w.runners.Wait()
	close(w.flushed)
}
