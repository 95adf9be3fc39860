package transcode

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// jobRun is the shared state of one Transcode call. Workers deliver encoded
// segments into per-chunk slots, which the stitcher reads in order.
type jobRun struct {
	ctx   context.Context
	job   Job
	slots []chan Segment // slot i receives the segment of chunk i

	failOnce sync.Once
	failed   chan struct{}
	err      error // set before failed is closed
}

func newJobRun(ctx context.Context, job Job, chunks int) *jobRun {
	r := &jobRun{ctx: ctx, job: job, slots: make([]chan Segment, chunks), failed: make(chan struct{})}
	for i := range r.slots {
		r.slots[i] = make(chan Segment, 1)
	}
	return r
}

// fail records the first permanent failure of the job.
func (r *jobRun) fail(err error) {
	r.failOnce.Do(func() {
		r.err = err
		close(r.failed)
	})
}

type task struct {
	run   *jobRun
	chunk Chunk
}

func (f *Farm) worker() {
	defer f.wg.Done()
	for t := range f.tasks {
		f.process(t)
	}
}

func (f *Farm) process(t task) {
	run := t.run
	if run.ctx.Err() != nil {
		// The job was given up while this chunk sat in the queue.
		return
	}
	seg, err := f.encode(run.ctx, t.chunk)
	if err != nil {
		if run.ctx.Err() != nil {
			// Cancellation of the job is not a failure of this chunk.
			return
		}
		run.fail(fmt.Errorf("chunk %d: %w", t.chunk.Index, err))
		return
	}
	seg.Index = t.chunk.Index
	run.slots[t.chunk.Index] <- seg
}

// encode runs the encoder, retrying temporary errors.
func (f *Farm) encode(ctx context.Context, c Chunk) (Segment, error) {
	var err error
	for attempt := 1; ; attempt++ {
		var seg Segment
		seg, err = f.enc.Encode(ctx, c)
		if err == nil {
			return seg, nil
		}
		var tmp interface{ Temporary() bool }
		if !errors.As(err, &tmp) || !tmp.Temporary() || attempt >= f.cfg.MaxAttempts {
			return Segment{}, fmt.Errorf("encode attempt %d: %w", attempt, err)
		}
		timer := time.NewTimer(f.cfg.RetryDelay)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return Segment{}, ctx.Err()
		}
	}
}
