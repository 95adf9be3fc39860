package directclose

import "sync"

// run: s := NewServer(); s.conns <- "quit"

// Server serves connections until one asks it to shut down.
type Server struct {
	conns chan string
	wg    sync.WaitGroup
}

// NewServer starts the serving goroutine.
func NewServer() *Server {
	s := &Server{conns: make(chan string)}
	s.wg.Add(1)
	go s.serve()
	return s
}

func (s *Server) serve() {
	defer s.wg.Done()
	for c := range s.conns {
		if c == "quit" {
			s.Shutdown()
			return
		}
	}
}

// Shutdown stops serving and waits for the serving goroutine.
func (s *Server) Shutdown() {
	s.wg.Wait() // want "`s.wg.Wait\\(\\)` is reached from `serve` \\(through `s.Shutdown`\\)"
}
