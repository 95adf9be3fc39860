package neversetworkers

import "sync"

type request struct{ path string }

// server dispatches to a worker pool only when workers is positive; nothing in
// the package ever sets it, so the pool is never started and requests are
// served one goroutine each.
type server struct {
	init     sync.Once
	dispatch chan<- request
	workers  int
}

func (s *server) serve(r request) { _ = r.path }

func (s *server) Handle(r request) {
	s.init.Do(func() {
		n := s.workers
		if n <= 0 {
			return
		}
		queue := make(chan request, n)
		for i := 0; i < n; i++ {
			go func() {
				for r := range queue {
					s.serve(r)
				}
			}()
		}
		in := make(chan request)
		go forward(in, queue)
		s.dispatch = in
	})
	if s.dispatch == nil {
		go s.serve(r)
		return
	}
	s.dispatch <- r
}

// forward passes requests on until its input is closed.
func forward(in <-chan request, out chan<- request) {
	for r := range in {
		out <- r
	}
}

func NewServer() *server {
	return &server{}
}
