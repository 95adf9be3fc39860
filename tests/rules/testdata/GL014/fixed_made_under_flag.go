package lameduck

import "sync"

type Server struct {
	mu    sync.RWMutex
	ldm   bool
	ldmCh chan bool
	done  chan bool
}

func NewServer() *Server { return &Server{done: make(chan bool, 1)} }

func (s *Server) isLameDuckMode() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ldm
}

// lameDuckMode sets ldm and makes ldmCh together, under the lock.
func (s *Server) lameDuckMode() {
	s.mu.Lock()
	if s.ldm {
		s.mu.Unlock()
		return
	}
	s.ldm = true
	s.ldmCh = make(chan bool, 1)
	s.mu.Unlock()
	<-s.ldmCh
}

// MADE_TOGETHER: the listener sends on ldmCh only in lame-duck mode, and the flag
// is set only where the channel is made.
func (s *Server) startListener(serve func()) {
	go func() {
		serve()
		if s.isLameDuckMode() {
			s.ldmCh <- true
			return
		}
		s.done <- true
	}()
}
