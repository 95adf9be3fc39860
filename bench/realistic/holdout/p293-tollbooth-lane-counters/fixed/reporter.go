package lanecount

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Snapshotter is implemented by Plaza.
type Snapshotter interface {
	Snapshot(ctx context.Context) (Snapshot, error)
}

// Reporter periodically snapshots a plaza and publishes the result.
type Reporter struct {
	src         Snapshotter
	sink        Sink
	interval    time.Duration
	maxFailures int
	logf        func(format string, args ...interface{})

	published int
	failures  int
}

// ReporterOption customises a Reporter.
type ReporterOption func(*Reporter)

// WithInterval sets the collection interval.
func WithInterval(d time.Duration) ReporterOption {
	return func(r *Reporter) { r.interval = d }
}

// WithMaxConsecutiveFailures makes Run give up after n failed passes in a row.
func WithMaxConsecutiveFailures(n int) ReporterOption {
	return func(r *Reporter) { r.maxFailures = n }
}

// WithLogf routes the reporter's log lines.
func WithLogf(f func(format string, args ...interface{})) ReporterOption {
	return func(r *Reporter) { r.logf = f }
}

// NewReporter returns a Reporter publishing snapshots of src to sink.
func NewReporter(src Snapshotter, sink Sink, opts ...ReporterOption) *Reporter {
	r := &Reporter{
		src:         src,
		sink:        sink,
		interval:    time.Minute,
		maxFailures: 5,
		logf:        func(string, ...interface{}) {},
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// ErrTooManyFailures is returned by Run when the plaza could not be read
// for maxFailures consecutive passes.
var ErrTooManyFailures = errors.New("lanecount: too many consecutive failures")

// Run collects and publishes until ctx is done. It returns nil on
// cancellation.
func (r *Reporter) Run(ctx context.Context) error {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			r.logf("reporter stopping: %d published, %d failed in a row", r.published, r.failures)
			return nil
		case <-t.C:
		}
		if err := r.pass(ctx); err != nil {
			r.failures++
			r.logf("collection pass failed (%d/%d): %v", r.failures, r.maxFailures, err)
			if r.failures >= r.maxFailures {
				return fmt.Errorf("%w: last error: %v", ErrTooManyFailures, err)
			}
			continue
		}
		r.failures = 0
	}
}

func (r *Reporter) pass(ctx context.Context) error {
	snap, err := r.src.Snapshot(ctx)
	if err != nil {
		return err
	}
	if err := r.sink.Publish(ctx, snap); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	r.published++
	r.logf("published %s", snap)
	return nil
}
