package remotewrite

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// shard sends the samples of a subset of series, one batch at a time.
type shard struct {
	id    int
	queue *sampleQueue
}

// runShard sends batches from s until its queue is closed and drained, or
// until the writer is hard-stopped.
func (w *Writer) runShard(s *shard) {
	defer w.runners.Done()
	// Once this runner is gone nobody drains the queue; release the
	// dispatcher if it is waiting for room in it.
	defer s.queue.close()
	for {
		batch := s.queue.pop(w.cfg.MaxSamplesPerSend)
		if batch == nil {
			return
		}
		err := w.sendWithBackoff(w.ctx, s, batch)
		switch {
		case err == nil:
			w.sent.Add(int64(len(batch)))
		case w.ctx.Err() != nil:
			w.dropped.Add(int64(len(batch) + s.queue.len()))
			return
		default:
			w.failed.Add(int64(len(batch)))
			w.logf("remotewrite: %v", err)
		}
	}
}

// sendWithBackoff stores batch, retrying recoverable errors with
// exponential backoff until it succeeds, fails permanently or ctx is done.
func (w *Writer) sendWithBackoff(ctx context.Context, s *shard, batch []Sample) error {
	backoff := w.cfg.MinBackoff
	for {
		err := w.client.Store(ctx, batch)
		if err == nil {
			return nil
		}
		var rec *RecoverableError
		if !errors.As(err, &rec) || ctx.Err() != nil {
			return fmt.Errorf("shard %d: sending %d samples: %w", s.id, len(batch), err)
		}
		w.retries.Add(1)

		wait := backoff
		if rec.RetryAfter > wait {
			wait = rec.RetryAfter
		}
		if wait > w.cfg.MaxBackoff {
			wait = w.cfg.MaxBackoff
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("shard %d: retry aborted: %w", s.id, ctx.Err())
		}
		backoff *= 2
		if backoff > w.cfg.MaxBackoff {
			backoff = w.cfg.MaxBackoff
		}
	}
}
