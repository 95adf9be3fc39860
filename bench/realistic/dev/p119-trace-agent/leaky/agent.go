// Package traceagent collects finished spans in memory and ships them in
// batches to a trace collector.
package traceagent

import (
	"context"
	"fmt"
	"log"
	"time"
)

// Span is one finished unit of work.
type Span struct {
	TraceID  string        `json:"trace_id"`
	SpanID   string        `json:"span_id"`
	Name     string        `json:"name"`
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"duration"`
}

// Config controls batching.
type Config struct {
	BatchSize     int           // spans per shipment
	QueueSize     int           // spans held before new ones are dropped
	FlushInterval time.Duration // partial batches are shipped at least this often
}

func (c *Config) setDefaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = 512
	}
	if c.QueueSize < c.BatchSize {
		c.QueueSize = 4 * c.BatchSize
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = 5 * time.Second
	}
}

// Agent buffers spans and ships them through an Exporter.
type Agent struct {
	cfg  Config
	exp  Exporter
	q    *spanQueue
	done chan struct{}
}

// NewAgent starts an agent shipping through exp.
func NewAgent(exp Exporter, cfg Config) *Agent {
	cfg.setDefaults()
	a := &Agent{
		cfg:  cfg,
		exp:  exp,
		q:    newSpanQueue(cfg.BatchSize, cfg.QueueSize),
		done: make(chan struct{}),
	}
	go a.ship()
	go a.tick()
	return a
}

// Record queues a finished span. It never blocks; when the queue is full the
// span is dropped and counted.
func (a *Agent) Record(s Span) { a.q.push(s) }

// Dropped reports how many spans were discarded because the queue was full.
func (a *Agent) Dropped() int { return a.q.droppedCount() }

// ship sends batches as they become ready until the queue is closed.
func (a *Agent) ship() {
	for {
		batch, ok := a.q.next()
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), a.cfg.FlushInterval)
		if err := a.exp.Export(ctx, batch); err != nil {
			log.Printf("traceagent: dropping %d spans: %v", len(batch), err)
		}
		cancel()
	}
}

// tick makes sure partial batches do not wait longer than FlushInterval.
func (a *Agent) tick() {
	t := time.NewTicker(a.cfg.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			a.q.kick()
		case <-a.done:
			return
		}
	}
}

// Shutdown stops background shipping and exports the spans still queued.
func (a *Agent) Shutdown(ctx context.Context) error {
	close(a.done)
	rest := a.q.close()
	for len(rest) > 0 {
		n := a.cfg.BatchSize
		if n > len(rest) {
			n = len(rest)
		}
		if err := a.exp.Export(ctx, rest[:n]); err != nil {
			return fmt.Errorf("traceagent: final export of %d spans: %w", len(rest), err)
		}
		rest = rest[n:]
	}
	return nil
}
