package quitsbeforethewait

import "sync"

type Summer struct {
	jobs    chan int
	results chan int
	quit    chan struct{}
	done    chan struct{}
	workers sync.WaitGroup
	total   int
}

func NewSummer(n int) *Summer {
	s := &Summer{
		jobs:    make(chan int, 16),
		results: make(chan int),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	s.workers.Add(n)
	for i := 0; i < n; i++ {
		go s.square()
	}
	go s.collect()
	return s
}

func (s *Summer) Add(v int) { s.jobs <- v }

func (s *Summer) square() {
	defer s.workers.Done()
	for v := range s.jobs {
		s.results <- v * v // want "goroutine `square` blocks forever sending on `s.results` once goroutine `collect` stops consuming at line 45"
	}
}

func (s *Summer) collect() {
	defer close(s.done)
	for {
		select {
		case r := <-s.results:
			s.total += r
		case <-s.quit:
			return
		}
	}
}

// Close stops the collector first: a worker with a result still to send is left
// sending for good.
func (s *Summer) Close() int {
	close(s.jobs)
	close(s.quit)
	<-s.done
	s.workers.Wait()
	return s.total
}
