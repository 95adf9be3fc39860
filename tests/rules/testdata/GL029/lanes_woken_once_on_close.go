package lanes

import (
	"sync"
	"time"
)

// run: s := NewSequencer(3); s.Enqueue("a"); s.Drain(); time.Sleep(100 * time.Millisecond); s.Close(); time.Sleep(100 * time.Millisecond)

// Sequencer fires queued cues on a fixed number of lanes.
type Sequencer struct {
	mu       sync.Mutex
	work     *sync.Cond
	idle     *sync.Cond
	queue    []string
	inflight int
	closed   bool
	since    time.Time
}

// NewSequencer starts n lanes.
func NewSequencer(n int) *Sequencer {
	s := &Sequencer{since: time.Now()}
	s.work = sync.NewCond(&s.mu)
	s.idle = sync.NewCond(&s.mu)
	for i := 0; i < n; i++ {
		go s.lane()
	}
	return s
}

// Enqueue queues a cue and wakes one lane for it.
func (s *Sequencer) Enqueue(cue string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, cue)
	s.work.Signal()
}

// lane passes a wake-up on after a cue when more are queued, never on its way out.
func (s *Sequencer) lane() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for len(s.queue) == 0 && !(s.closed && s.inflight == 0) {
			s.work.Wait() // want "`s.work.Wait\(\)` may never return: `Close` sets `s.closed`"
		}
		if len(s.queue) == 0 {
			return
		}
		s.queue = s.queue[1:]
		s.inflight++
		s.mu.Unlock()
		s.mu.Lock()
		s.inflight--
		if len(s.queue) > 0 {
			s.work.Signal()
		} else if s.inflight == 0 {
			s.idle.Broadcast()
		}
	}
}

// Drain waits until nothing is queued or in flight.
func (s *Sequencer) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) > 0 || s.inflight > 0 {
		s.idle.Wait()
	}
}

// Close stops the lanes, but its one Signal wakes one of them.
func (s *Sequencer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.work.Signal()
}
