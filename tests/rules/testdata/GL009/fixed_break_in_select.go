package breakinselect

import "time"

// Summer adds up what arrives until its input is closed, and reports the sum
// every tick: the labelled break leaves the loop.
type Summer struct {
	out chan int
}

func Start(in <-chan int) *Summer {
	s := &Summer{out: make(chan int, 16)}
	go s.run(in)
	return s
}

func (s *Summer) run(in <-chan int) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	sum := 0
loop:
	for {
		select {
		case v, ok := <-in:
			if !ok {
				in = nil
				break loop
			}
			sum += v
		case <-t.C:
			s.out <- sum
		}
	}
	s.out <- sum
}

// Results delivers the sums.
func (s *Summer) Results() <-chan int { return s.out }

// Close releases the summer.
func (s *Summer) Close() error {
	return nil
}
