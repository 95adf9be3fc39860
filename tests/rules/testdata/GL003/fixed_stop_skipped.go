package stopskipped

import "errors"

type Server struct {
	reqs chan string
	quit chan struct{}
	seen int
}

func NewServer() *Server {
	return &Server{reqs: make(chan string, 4), quit: make(chan struct{})}
}

func (s *Server) Start() {
	go s.serve()
}

func (s *Server) serve() {
	for {
		select {
		case <-s.reqs:
			s.seen++
		case <-s.quit:
			return
		}
	}
}

// Stop ends the server; it refuses while the state is unsaved.
func (s *Server) Stop(saved bool) error {
	defer close(s.quit)
	if !saved {
		return errors.New("stop: unsaved state")
	}
	return nil
}
