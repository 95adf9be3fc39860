package lameduckforced

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

// ForceLameDuck sets the flag without making the channel: in lame-duck mode the
// listener may send on a nil ldmCh.
func (s *Server) startListener(serve func()) {
	go func() {
		serve()
		if s.isLameDuckMode() {
			s.ldmCh <- true // want "goroutine blocks forever when `Server.ldmCh` is still nil"
			return
		}
		s.done <- true
	}()
}

func (s *Server) ForceLameDuck() {
	s.mu.Lock()
	s.ldm = true
	s.mu.Unlock()
}
