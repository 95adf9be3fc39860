// Package downsample ingests raw sensor readings, folds them into fixed-width
// rollup windows (count, min, max, sum) and flushes finished windows to a
// Sink once the event-time watermark has moved past them.
package downsample

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by Ingest and Close.
var (
	ErrClosed       = errors.New("downsample: ingester closed")
	ErrBackpressure = errors.New("downsample: too many pending readings")
	ErrLate         = errors.New("downsample: reading arrived after its window was flushed")
)

// Config configures an Ingester.
type Config struct {
	// Window is the rollup width. Defaults to one minute.
	Window time.Duration
	// AllowedLateness is how far behind the newest reading a reading may be
	// and still be added to its window.
	AllowedLateness time.Duration
	// MaxPending bounds the readings queued for the worker. Defaults to 4096.
	MaxPending int
	// WriteTimeout bounds each background write to the sink. Defaults to 5s.
	WriteTimeout time.Duration
}

type workerState int

const (
	workerRunning workerState = iota // applying a batch or writing rollups
	workerParked                     // waiting for readings
	workerExited
)

// Ingester accepts readings from many goroutines and hands them to a single
// background worker that maintains the rollup windows.
type Ingester struct {
	cfg  Config
	sink Sink

	mu        sync.Mutex
	wake      *sync.Cond // signalled when readings are queued or on Close
	idle      *sync.Cond // broadcast when the worker parks or exits
	queue     []Reading
	win       *windows
	watermark time.Time
	state     workerState
	closed    bool
	lastErr   error
	late      int
}

// New starts an Ingester that writes finished rollups to sink.
func New(cfg Config, sink Sink) (*Ingester, error) {
	if sink == nil {
		return nil, errors.New("downsample: nil sink")
	}
	if cfg.Window <= 0 {
		cfg.Window = time.Minute
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = 4096
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 5 * time.Second
	}
	in := &Ingester{cfg: cfg, sink: sink, win: newWindows(cfg.Window)}
	in.wake = sync.NewCond(&in.mu)
	in.idle = sync.NewCond(&in.mu)
	go in.run()
	return in, nil
}

// Ingest queues a reading. It never blocks on the sink.
func (in *Ingester) Ingest(r Reading) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	switch {
	case in.closed:
		return ErrClosed
	case len(in.queue) >= in.cfg.MaxPending:
		return ErrBackpressure
	case !in.watermark.IsZero() && r.At.Before(in.watermark.Add(-in.cfg.AllowedLateness).Truncate(in.cfg.Window)):
		in.late++
		return fmt.Errorf("%w: sensor %s at %s", ErrLate, r.Sensor, r.At.Format(time.RFC3339))
	}
	in.queue = append(in.queue, r)
	in.wake.Signal()
	return nil
}

// Sync blocks until every reading accepted so far has been applied to its
// window and every window the worker considered finished has been written.
// It returns the last background write error, if any.
func (in *Ingester) Sync() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	for in.state == workerRunning || (in.state == workerParked && len(in.queue) > 0) {
		in.idle.Wait()
	}
	return in.lastErr
}

// Close stops accepting readings, flushes every open window, including
// unfinished ones, and stops the worker.
func (in *Ingester) Close(ctx context.Context) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return ErrClosed
	}
	in.closed = true
	// Wake a parked worker so it sees closed and exits.
	in.wake.Broadcast()

	// Let the worker finish whatever it holds outside the lock; from here
	// on Close owns the queue and the windows.
	for in.state == workerRunning {
		in.idle.Wait()
	}
	in.applyLocked(in.queue)
	in.queue = nil
	if rest := in.win.takeAll(); len(rest) > 0 {
		if err := in.sink.WriteRollups(ctx, rest); err != nil {
			return fmt.Errorf("downsample: final flush of %d rollups: %w", len(rest), err)
		}
	}
	return nil
}

// run is the worker loop. It holds in.mu except while writing to the sink.
func (in *Ingester) run() {
	in.mu.Lock()
	defer in.mu.Unlock()
	for {
		for len(in.queue) == 0 && !in.closed {
			in.state = workerParked
			in.idle.Broadcast()
			in.wake.Wait()
			in.state = workerRunning
		}
		if in.closed {
			in.state = workerExited
			in.idle.Broadcast()
			return
		}

		batch := in.queue
		in.queue = nil
		in.applyLocked(batch)
		ready := in.win.takeClosed(in.watermark.Add(-in.cfg.AllowedLateness))
		if len(ready) == 0 {
			continue
		}

		in.mu.Unlock()
		err := in.write(ready)
		in.mu.Lock()
		if err != nil {
			in.win.restore(ready)
		}
		in.lastErr = err
	}
}

func (in *Ingester) applyLocked(batch []Reading) {
	for _, r := range batch {
		in.win.add(r)
		if r.At.After(in.watermark) {
			in.watermark = r.At
		}
	}
}

func (in *Ingester) write(batch []Rollup) error {
	ctx, cancel := context.WithTimeout(context.Background(), in.cfg.WriteTimeout)
	defer cancel()
	if err := in.sink.WriteRollups(ctx, batch); err != nil {
		return fmt.Errorf("downsample: write %d rollups: %w", len(batch), err)
	}
	return nil
}

// Stats reports counters useful for monitoring.
type Stats struct {
	Pending     int
	OpenWindows int
	Late        int
	Watermark   time.Time
}

// Stats returns a snapshot of the ingester's counters.
func (in *Ingester) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return Stats{
		Pending:     len(in.queue),
		OpenWindows: len(in.win.open),
		Late:        in.late,
		Watermark:   in.watermark,
	}
}
