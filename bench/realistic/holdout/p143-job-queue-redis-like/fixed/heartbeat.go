package jobq

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// heartbeat keeps the lease of one reserved job alive.
//
// Heartbeats deliberately do not follow the worker's context: when a worker
// shuts down gracefully its in-flight jobs are allowed to finish, and their
// leases must stay valid until they do, or another worker would pick the
// same job up.
type heartbeat struct {
	w      *Worker
	job    Job
	onLost func(error)

	stopOnce sync.Once
	stopc    chan struct{}
}

func (w *Worker) startHeartbeat(job Job, onLost func(error)) *heartbeat {
	hb := &heartbeat{w: w, job: job, onLost: onLost, stopc: make(chan struct{})}
	go hb.run()
	return hb
}

// stop ends the heartbeat. It is safe to call more than once.
func (hb *heartbeat) stop() {
	hb.stopOnce.Do(func() { close(hb.stopc) })
}

func (hb *heartbeat) run() {
	t := hb.w.clock.NewTicker(hb.w.cfg.HeartbeatInterval)
	defer t.Stop()
	for {
		select {
		case <-hb.stopc:
			return
		case <-t.C():
			if err := hb.beat(); err != nil {
				if errors.Is(err, ErrLeaseLost) {
					hb.onLost(err)
					return
				}
				// Transient store errors are retried on the next tick; the
				// visibility timeout leaves room for a few misses.
				hb.w.report(err)
			}
		}
	}
}

func (hb *heartbeat) beat() error {
	ctx, cancel := context.WithTimeout(context.Background(), hb.w.cfg.HeartbeatInterval)
	defer cancel()
	until := hb.w.clock.Now().Add(hb.w.cfg.Visibility)
	if err := hb.w.store.Extend(ctx, hb.w.cfg.Queue, hb.job.ID, until); err != nil {
		return fmt.Errorf("jobq: extend lease of %s: %w", hb.job.ID, err)
	}
	return nil
}
