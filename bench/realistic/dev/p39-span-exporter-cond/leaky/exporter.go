// Package export batches finished trace spans and ships them to a collector off
// the request path: End only appends to a bounded buffer, and one background
// goroutine takes batches out and sends them.
package export

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"
)

// Span is a finished span.
type Span struct {
	TraceID, SpanID, ParentID string
	Name                      string
	Start, End                time.Time
	Attrs                     map[string]string
}

// Collector receives batches, e.g. over OTLP/HTTP.
type Collector interface {
	Export(ctx context.Context, batch []Span) error
}

// Options tune a BatchExporter.
type Options struct {
	MaxQueue      int           // spans kept while the collector is slow; more are dropped
	MaxBatch      int           // spans per Export call
	ExportTimeout time.Duration // per Export call
	Logger        *log.Logger
}

// ErrShutdown is returned by Enqueue after Shutdown.
var ErrShutdown = errors.New("export: exporter shut down")

// BatchExporter queues spans and exports them in batches.
type BatchExporter struct {
	opts      Options
	collector Collector

	mu      sync.Mutex
	cond    *sync.Cond // signalled when spans are queued or the exporter shuts down
	queue   []Span
	closed  bool
	dropped int
	done    chan struct{}
}

// NewBatchExporter starts the exporting goroutine.
func NewBatchExporter(c Collector, opts Options) *BatchExporter {
	if opts.MaxQueue <= 0 {
		opts.MaxQueue = 2048
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 512
	}
	if opts.ExportTimeout <= 0 {
		opts.ExportTimeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = log.Default()
	}
	e := &BatchExporter{opts: opts, collector: c, done: make(chan struct{})}
	e.cond = sync.NewCond(&e.mu)
	go e.loop()
	return e
}

// Enqueue adds a finished span; it never blocks.
func (e *BatchExporter) Enqueue(s Span) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrShutdown
	}
	if len(e.queue) >= e.opts.MaxQueue {
		e.dropped++
		return nil
	}
	e.queue = append(e.queue, s)
	e.cond.Signal()
	return nil
}

// Dropped reports how many spans were dropped because the queue was full.
func (e *BatchExporter) Dropped() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.dropped
}

// Shutdown stops taking spans and waits, until ctx ends, for the queued ones to
// be exported.
func (e *BatchExporter) Shutdown(ctx context.Context) error {
	e.mu.Lock()
	e.closed = true
	e.cond.Broadcast()
	e.mu.Unlock()
	select {
	case <-e.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
