package closedbysender

import "time"

// run: s := NewServer(); go func() { for range s.Requests() { } }(); s.Submit("a"); s.Shutdown(); time.Sleep(100 * time.Millisecond)

// Server hands incoming requests to outside workers, which range over Requests until
// the server closes it on its way out.
type Server struct {
	in       chan string
	requests chan string
	stop     chan struct{}
}

func NewServer() *Server {
	s := &Server{in: make(chan string, 8), requests: make(chan string), stop: make(chan struct{})}
	go s.handle()
	return s
}

func (s *Server) handle() {
	defer close(s.requests)
	for {
		select {
		case <-s.stop:
			return
		case r := <-s.in:
			s.requests <- r
		}
	}
}

func (s *Server) Submit(r string) { s.in <- r }

// Requests is read until it is closed.
func (s *Server) Requests() <-chan string { return s.requests }

func (s *Server) Shutdown() { close(s.stop) }
