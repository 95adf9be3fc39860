package sched

import (
	"errors"
	"time"
)

func (s *Scheduler) loop() {
	defer close(s.loopDone)
	t := time.NewTicker(s.resolution)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case now := <-t.C:
			s.dispatch(now)
		}
	}
}

// dispatch starts every job that is due at now and works out its next time.
func (s *Scheduler) dispatch(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if now.Before(e.next) {
			continue
		}
		e.next = e.trigger.Next(now)
		s.running.Add(1)
		if !e.active.CompareAndSwap(false, true) {
			s.logf("sched: %s: previous run still active, skipping", e.name)
			continue
		}
		go s.run(e)
	}
}

func (s *Scheduler) run(e *entry) {
	defer s.running.Done()
	defer e.active.Store(false)
	start := time.Now()
	err := retry(s.ctx, s.attempts, s.backoff, e.job)
	switch {
	case err == nil:
	case errors.Is(err, s.ctx.Err()):
		s.logf("sched: %s: interrupted by shutdown after %v", e.name, time.Since(start))
	default:
		s.logf("sched: %s: %v", e.name, err)
	}
}
