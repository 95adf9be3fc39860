package printq

import (
	"errors"
	"sync"
)

// run: s := NewSpooler(0); _ = s.Submit("a"); _ = s.Submit("b"); for s.Held() < 2 { }; s.Close()

var ErrClosed = errors.New("printq: spooler closed")

// Spooler hands print jobs to a fixed number of printers; jobs that find every
// printer busy are held until one frees up.
type Spooler struct {
	mu     sync.Mutex
	freed  *sync.Cond
	idle   int
	held   int
	closed bool
	done   []string
}

func NewSpooler(printers int) *Spooler {
	s := &Spooler{idle: printers}
	s.freed = sync.NewCond(&s.mu)
	return s
}

// Submit prints the job now, or holds it in the background until a printer frees.
func (s *Spooler) Submit(job string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.idle == 0 {
		go s.hold(job)
		return nil
	}
	s.idle--
	s.done = append(s.done, job)
	return nil
}

// Held says how many jobs wait for a printer.
func (s *Spooler) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

func (s *Spooler) hold(job string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held++
	for s.idle == 0 && !s.closed {
		s.freed.Wait()
	}
	s.held--
	if s.closed {
		return
	}
	s.idle--
	s.done = append(s.done, job)
}

// Finished hands a printer back and lets one held job through.
func (s *Spooler) Finished() {
	s.mu.Lock()
	s.idle++
	s.mu.Unlock()
	s.freed.Signal()
}

// Close refuses new jobs and lets the held ones go.
func (s *Spooler) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.freed.Broadcast()
}
