package glaze

import (
	"sync"
)

// scale models the load cell under the mixing bucket. Pump drivers
// report flow into it and the mixer waits on it until the target weight
// for the current step is reached.
type scale struct {
	mu    sync.Mutex
	cond  *sync.Cond
	tare  float64
	gross float64
	err   error
}

func newScale() *scale {
	s := &scale{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// zero tares the scale so the next step starts from 0 g.
func (s *scale) zero() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tare = s.gross
	s.err = nil
}

// add records material that fell into the bucket.
func (s *scale) add(grams float64) {
	s.mu.Lock()
	s.gross += grams
	s.mu.Unlock()
	s.cond.Broadcast()
}

// net is the weight since the last zero.
func (s *scale) net() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gross - s.tare
}

// fail marks the current step as failed.
func (s *scale) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// reach returns a channel that receives nil once the net weight is within
// tolerance of target, or the error the step was failed with.
func (s *scale) reach(target, tolerance float64) <-chan error {
	ch := make(chan error, 1)
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for s.err == nil && s.gross-s.tare < target-tolerance {
			s.cond.Wait() // leak: fail does not wake the waiter
		}
		ch <- s.err
	}()
	return ch
}
