package lehr

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type job struct {
	batch    Batch
	schedule Schedule
	queued   time.Time
}

// lehr is one annealing oven with its own queue and a set of stacker robots
// that push batches from the cross conveyor onto the lehr belt.
type lehr struct {
	cfg     LehrConfig
	stacker Stacker
	log     Logger
	hook    func(Result)

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []job
	closed  bool
	pending int
	loaded  int
	failed  int
}

func newLehr(cfg LehrConfig, st Stacker, log Logger, hook func(Result)) *lehr {
	l := &lehr{cfg: cfg, stacker: st, log: log, hook: hook}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *lehr) accepts(g Glass) bool {
	for _, a := range l.cfg.Accepts {
		if a == g {
			return true
		}
	}
	return false
}

func (l *lehr) depth() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pending
}

func (l *lehr) enqueue(j job) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if len(l.queue) >= l.cfg.MaxQueue {
		return fmt.Errorf("%w: %s holds %d batches", ErrQueueFull, l.cfg.ID, len(l.queue))
	}
	l.queue = append(l.queue, j)
	l.pending++
	l.cond.Signal()
	return nil
}

func (l *lehr) close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.cond.Broadcast()
}

// runStacker takes batches off the queue until the lehr is closed and empty.
func (l *lehr) runStacker(ctx context.Context, n int) {
	for {
		l.mu.Lock()
		for len(l.queue) == 0 && !l.closed {
			l.cond.Wait()
		}
		if len(l.queue) == 0 {
			l.mu.Unlock()
			return
		}
		j := l.queue[0]
		l.queue[0] = job{}
		l.queue = l.queue[1:]
		l.mu.Unlock()

		err := l.place(ctx, n, j)

		l.mu.Lock()
		l.pending--
		if err != nil {
			l.failed++
		} else {
			l.loaded++
		}
		l.mu.Unlock()

		if err != nil {
			l.log.Printf("lehr %s stacker %d: batch %s: %v", l.cfg.ID, n, j.batch.ID, err)
		}
		if l.hook != nil {
			l.hook(Result{Lehr: l.cfg.ID, Batch: j.batch.ID, Schedule: j.schedule, Waited: time.Since(j.queued), Err: err})
		}
	}
}

func (l *lehr) place(ctx context.Context, n int, j job) error {
	var err error
	for attempt := 1; attempt <= l.cfg.PlaceAttempts; attempt++ {
		err = l.stacker.Place(ctx, l.cfg.ID, n, j.batch, j.schedule)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		select {
		case <-time.After(l.cfg.RetryBackoff * time.Duration(attempt)):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return fmt.Errorf("placing after %d attempts: %w", l.cfg.PlaceAttempts, err)
}
