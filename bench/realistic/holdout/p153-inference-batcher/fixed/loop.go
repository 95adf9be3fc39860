package batcher

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// request is a single caller's input together with the channel its result
// is delivered on. resp is buffered so delivery never blocks on a caller
// that has given up.
type request struct {
	ctx   context.Context
	input []float32
	resp  chan result
}

type result struct {
	output []float32
	err    error
}

func (r *request) reply(output []float32, err error) {
	r.resp <- result{output: output, err: err}
}

// run accumulates requests into batches and hands them to the workers.
func (b *Batcher) run(ctx context.Context) {
	defer close(b.done)

	var (
		pending []*request
		timer   *time.Timer
		timeout <-chan time.Time
	)
	stopTimer := func() {
		if timer != nil {
			timer.Stop()
			timer, timeout = nil, nil
		}
	}
	flush := func() {
		stopTimer()
		if len(pending) == 0 {
			return
		}
		batch := pending
		pending = nil
		b.dispatch(ctx, batch)
	}

	for {
		select {
		case req := <-b.requests:
			pending = append(pending, req)
			if len(pending) == 1 {
				timer = time.NewTimer(b.cfg.maxDelay)
				timeout = timer.C
			}
			if len(pending) >= b.cfg.maxBatch {
				flush()
			}
		case <-timeout:
			timer, timeout = nil, nil
			flush()
		case <-b.closing:
			flush()
			b.drain()
			return
		case <-ctx.Done():
			stopTimer()
			b.abort(pending, fmt.Errorf("batcher: %w", ctx.Err()))
			return
		}
	}
}

// dispatch hands a batch to the worker pool, failing it if the batcher's
// context ends first.
func (b *Batcher) dispatch(ctx context.Context, batch []*request) {
	select {
	case b.batches <- batch:
	case <-ctx.Done():
		b.fail(batch, fmt.Errorf("batcher: %w", ctx.Err()))
	}
}

// drain fails requests that were queued but never batched, then stops the
// workers and waits for in-flight batches to finish.
func (b *Batcher) drain() {
	for {
		select {
		case req := <-b.requests:
			req.reply(nil, ErrClosed)
		default:
			close(b.batches)
			b.wg.Wait()
			return
		}
	}
}

// abort fails everything that has not been handed to a worker yet.
func (b *Batcher) abort(pending []*request, err error) {
	b.fail(pending, err)
	for {
		select {
		case req := <-b.requests:
			req.reply(nil, err)
		default:
			close(b.batches)
			b.wg.Wait()
			return
		}
	}
}

func (b *Batcher) fail(batch []*request, err error) {
	if len(batch) == 0 {
		return
	}
	atomic.AddUint64(&b.nFailures, uint64(len(batch)))
	for _, req := range batch {
		req.reply(nil, err)
	}
}

// worker runs batches through the model until the batch channel is closed.
func (b *Batcher) worker(ctx context.Context) {
	defer b.wg.Done()
	for batch := range b.batches {
		b.process(ctx, batch)
	}
}

// process runs one batch, skipping callers that have already gone away.
func (b *Batcher) process(ctx context.Context, batch []*request) {
	live := make([]*request, 0, len(batch))
	inputs := make([][]float32, 0, len(batch))
	for _, req := range batch {
		if err := req.ctx.Err(); err != nil {
			req.reply(nil, err)
			continue
		}
		live = append(live, req)
		inputs = append(inputs, req.input)
	}
	if len(live) == 0 {
		return
	}

	if b.cfg.predictTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, b.cfg.predictTimeout)
		defer cancel()
	}
	atomic.AddUint64(&b.nBatches, 1)
	outputs, err := b.model.Predict(ctx, inputs)
	if err != nil {
		b.fail(live, fmt.Errorf("batcher: predict batch of %d: %w", len(live), err))
		return
	}
	if len(outputs) != len(live) {
		b.fail(live, fmt.Errorf("%w: sent %d, got %d", ErrShapeMismatch, len(live), len(outputs)))
		return
	}
	for i, req := range live {
		req.reply(outputs[i], nil)
	}
}
