package lifecycle

import "sync"

// run: s := NewServer("metrics"); s.OnStopped(func() {}); s.Close()

// Server runs until Close; hooks registered with OnStopped run once it has stopped.
type Server struct {
	name    string
	mu      sync.Mutex
	done    chan struct{}
	running bool
}

func NewServer(name string) *Server {
	return &Server{name: name}
}

// Serve starts serving; done exists only from here on.
func (s *Server) Serve() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = make(chan struct{})
	s.running = true
}

func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		close(s.done)
		s.done = nil
	}
	s.running = false
}
