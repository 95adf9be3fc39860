package telemetry

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Aggregator buffers turbine samples and exports them in batches to the
// historian using a fixed pool of exporters.
type Aggregator struct {
	cfg  Config
	sink Sink

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Sample
	lastSeq map[string]uint64
	closed  bool
	live    int
	idle    int
	done    chan struct{}

	exported   atomic.Int64
	failed     atomic.Int64
	dropped    atomic.Int64
	rejected   atomic.Int64
	duplicates atomic.Int64
}

// New starts an Aggregator that exports to sink.
func New(sink Sink, cfg Config) (*Aggregator, error) {
	if sink == nil {
		return nil, fmt.Errorf("telemetry: nil sink")
	}
	cfg = cfg.withDefaults()
	a := &Aggregator{
		cfg:     cfg,
		sink:    sink,
		lastSeq: make(map[string]uint64),
		live:    cfg.Exporters,
		done:    make(chan struct{}),
	}
	a.cond = sync.NewCond(&a.mu)
	for i := 0; i < cfg.Exporters; i++ {
		go a.exportLoop(i)
	}
	return a, nil
}

// Ingest queues a sample. Replayed samples (same or older sequence number for
// a turbine) are counted and ignored.
func (a *Aggregator) Ingest(s Sample) error {
	if err := a.cfg.validate(s); err != nil {
		a.rejected.Add(1)
		return err
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrClosed
	}
	if last, ok := a.lastSeq[s.TurbineID]; ok && s.Seq <= last {
		a.duplicates.Add(1)
		return nil
	}
	a.lastSeq[s.TurbineID] = s.Seq

	if len(a.queue) >= a.cfg.QueueCapacity {
		dropped := a.queue[0]
		a.queue = a.queue[1:]
		a.dropped.Add(1)
		a.cfg.Logger.Printf("queue full, dropped %s seq %d", dropped.TurbineID, dropped.Seq)
	}
	a.queue = append(a.queue, s)
	a.cond.Signal()
	return nil
}

// next blocks until a batch is available. It returns false once the
// aggregator is closed and the queue has been drained.
func (a *Aggregator) next() ([]Sample, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for len(a.queue) == 0 && !a.closed {
		a.idle++
		a.cond.Wait() // leak: Close wakes only one waiting exporter
		a.idle--
	}
	if len(a.queue) == 0 {
		a.live--
		if a.live == 0 {
			close(a.done)
		}
		return nil, false
	}

	n := a.cfg.BatchSize
	if n > len(a.queue) {
		n = len(a.queue)
	}
	batch := make([]Sample, n)
	copy(batch, a.queue[:n])
	rest := copy(a.queue, a.queue[n:])
	a.queue = a.queue[:rest]
	return batch, true
}

func (a *Aggregator) exportLoop(id int) {
	for {
		batch, ok := a.next()
		if !ok {
			return
		}
		if err := a.export(batch); err != nil {
			a.failed.Add(int64(len(batch)))
			a.cfg.Logger.Printf("exporter %d: giving up on %d samples: %v", id, len(batch), err)
			continue
		}
		a.exported.Add(int64(len(batch)))
	}
}

func (a *Aggregator) export(batch []Sample) error {
	var err error
	backoff := a.cfg.RetryBackoff
	for attempt := 1; attempt <= a.cfg.RetryAttempts; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), a.cfg.ExportTimeout)
		err = a.sink.Export(ctx, batch)
		cancel()
		if err == nil {
			return nil
		}
		if attempt < a.cfg.RetryAttempts {
			time.Sleep(backoff)
			backoff *= 2
		}
	}
	return fmt.Errorf("after %d attempts: %w", a.cfg.RetryAttempts, err)
}

// Health reports queue depth and counters.
func (a *Aggregator) Health() Health {
	a.mu.Lock()
	h := Health{
		Queued:        len(a.queue),
		Exporters:     a.live,
		IdleExporters: a.idle,
	}
	a.mu.Unlock()
	h.Exported = a.exported.Load()
	h.Failed = a.failed.Load()
	h.Dropped = a.dropped.Load()
	h.Rejected = a.rejected.Load()
	h.Duplicates = a.duplicates.Load()
	return h
}

// Close stops accepting samples and waits for the exporters to flush what is
// still queued.
func (a *Aggregator) Close(ctx context.Context) error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return ErrClosed
	}
	a.closed = true
	a.cond.Signal()
	a.mu.Unlock()

	select {
	case <-a.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("telemetry: close: %w", ctx.Err())
	}
}
