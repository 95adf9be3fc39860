package fixedcancelunderlock

import (
	"context"
	"log"
	"sync"
)

type request struct {
	cancel context.CancelFunc
}

// Server cancels the requests its peer interrupts.
type Server struct {
	mu       sync.Mutex
	inflight map[uint64]*request
}

// Interrupt cancels request id; a panic in the handling is logged.
func (s *Server) Interrupt(id uint64) {
	defer func() {
		if p := recover(); p != nil {
			log.Printf("interrupt %d: %v", id, p)
		}
	}()
	s.mu.Lock()
	if r := s.inflight[id]; r != nil && r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	s.mu.Unlock()
}
