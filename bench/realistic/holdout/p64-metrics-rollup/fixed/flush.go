package rollup

import (
	"context"
	"fmt"
	"time"
)

// Sink is long-term storage for rollups.
type Sink interface {
	WriteRollups(ctx context.Context, batch []Rollup) error
}

// Flusher downsamples raw samples and writes the rollups in batches.
type Flusher struct {
	sink  Sink
	step  time.Duration
	batch int
}

// FlusherOption configures a Flusher.
type FlusherOption func(*Flusher)

// WithStep sets the bucket width.
func WithStep(d time.Duration) FlusherOption { return func(f *Flusher) { f.step = d } }

// WithBatchSize sets how many rollups go into one write.
func WithBatchSize(n int) FlusherOption { return func(f *Flusher) { f.batch = n } }

// NewFlusher returns a flusher writing to sink.
func NewFlusher(sink Sink, opts ...FlusherOption) *Flusher {
	f := &Flusher{sink: sink, step: time.Minute, batch: 500}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Flush downsamples everything src yields and writes it to the sink. It
// returns how many rollups were written.
func (f *Flusher) Flush(ctx context.Context, src Source) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream := Downsample(ctx, src, f.step)
	written := 0
	batch := make([]Rollup, 0, f.batch)
	write := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := f.sink.WriteRollups(ctx, batch); err != nil {
			return fmt.Errorf("write %d rollups: %w", len(batch), err)
		}
		written += len(batch)
		batch = batch[:0]
		return nil
	}
	for r := range stream.C {
		batch = append(batch, r)
		if len(batch) == f.batch {
			if err := write(); err != nil {
				return written, err
			}
		}
	}
	if err := stream.Err(); err != nil {
		return written, fmt.Errorf("downsample: %w", err)
	}
	return written, write()
}
