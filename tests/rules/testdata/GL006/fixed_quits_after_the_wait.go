package fixedquitsafterthewait

import "sync"

// run: s := NewSummer(2); s.Add(1); s.Add(2); _ = s.Close()

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
		s.results <- v * v
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

// Close lets the workers finish before it stops the collector: by the time the
// collector may quit, nobody is left sending.
func (s *Summer) Close() int {
	close(s.jobs)
	s.workers.Wait()
	close(s.quit)
	<-s.done
	return s.total
}
