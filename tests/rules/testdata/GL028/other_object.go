package otherobject

import "sync"

// Stage forwards items to the next stage of a pipeline and closes it when done.
type Stage struct {
	in   chan int
	next *Stage
	wg   sync.WaitGroup
}

// NewStage starts a stage feeding next (nil for the last one).
func NewStage(next *Stage) *Stage {
	s := &Stage{in: make(chan int), next: next}
	s.wg.Add(1)
	go s.run()
	return s
}

func (s *Stage) run() {
	defer s.wg.Done()
	for v := range s.in {
		if s.next != nil {
			s.next.in <- v
		}
	}
	if s.next != nil {
		// Another stage's group: it does not count this goroutine.
		s.next.Close()
	}
}

// Close ends the stage's input and waits for it to drain.
func (s *Stage) Close() {
	close(s.in)
	s.wg.Wait()
}
