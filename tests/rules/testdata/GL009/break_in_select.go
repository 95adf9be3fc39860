package breakinselect

import "time"

// run: in := make(chan int); s := Start(in); close(in); _ = s.Close()

// Summer adds up what arrives until its input is closed, and reports the sum
// every tick.
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
	for { // want "goroutine `run` never returns: the `for` at line 23 has no return, and the `break` at line 28 leaves only the `select`, not the loop"
		select {
		case v, ok := <-in:
			if !ok {
				in = nil
				break
			}
			sum += v
		case <-t.C:
			s.out <- sum
		}
	}
}

// Results delivers the sums.
func (s *Summer) Results() <-chan int { return s.out }

// Close releases the summer.
func (s *Summer) Close() error {
	return nil
}
