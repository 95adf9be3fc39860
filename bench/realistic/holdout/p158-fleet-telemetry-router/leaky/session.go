package telemetry

import (
	"context"
	"sync"
)

// session holds the queue of one vehicle for one epoch.
type session struct {
	vehicle string
	epoch   uint16
	inbox   chan []byte
	done    chan struct{}

	mu     sync.RWMutex
	closed bool
}

func newSession(vehicle string, epoch uint16, size int) *session {
	return &session{
		vehicle: vehicle,
		epoch:   epoch,
		inbox:   make(chan []byte, size),
		done:    make(chan struct{}),
	}
}

// enqueue adds raw to the session queue. When the queue is full it either
// fails with ErrBackpressure or waits, depending on drop.
func (s *session) enqueue(ctx context.Context, raw []byte, drop bool) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errStale
	}
	if drop {
		select {
		case s.inbox <- raw:
			return nil
		default:
			return ErrBackpressure
		}
	}
	select {
	case s.inbox <- raw:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close stops the session from accepting frames; frames already queued are
// still processed.
func (s *session) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.inbox)
	}
}
