package fixed_lifecycle

// OnStopped runs fn after the server has stopped.
func (s *Server) OnStopped(fn func()) {
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	go func() {
		<-done
		fn()
	}()
}
