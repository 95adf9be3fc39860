package cdc

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// sinkQueue is the per-sink delivery pipeline: a bounded queue drained by a
// dedicated shipper goroutine.
type sinkQueue struct {
	name string
	sink Sink
	ch   chan Txn
	done chan struct{}
}

// startQueue creates the queue for a sink and starts its shipper.
func (t *Tailer) startQueue(name string, s Sink) *sinkQueue {
	q := &sinkQueue{
		name: name,
		sink: s,
		ch:   make(chan Txn, t.cfg.QueueSize),
		done: make(chan struct{}),
	}
	go t.ship(q)
	return q
}

// ship delivers queued transactions until the queue is closed.
func (t *Tailer) ship(q *sinkQueue) {
	defer close(q.done)
	for txn := range q.ch {
		if err := t.deliver(q, txn); err != nil {
			t.cfg.OnShipError(q.name, txn, err)
		}
	}
}

// deliver ships one transaction, retrying transient failures with
// exponential backoff.
func (t *Tailer) deliver(q *sinkQueue, txn Txn) error {
	backoff := t.cfg.RetryBackoff
	var err error
	for attempt := 0; attempt <= t.cfg.MaxRetries; attempt++ {
		if attempt > 0 {
			if !sleepCtx(t.ctx, backoff) {
				return fmt.Errorf("cdc: ship txn %d to %s: %w", txn.ID, q.name, t.ctx.Err())
			}
			backoff *= 2
		}
		err = q.sink.Ship(t.ctx, txn)
		if err == nil {
			return nil
		}
		var perm *PermanentError
		if errors.As(err, &perm) {
			break
		}
	}
	return fmt.Errorf("cdc: ship txn %d to %s: %w", txn.ID, q.name, err)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}
