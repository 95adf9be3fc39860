package pool

import (
	"sync"
	"time"
)

// run: s := NewSlots(0, time.Hour); go s.Acquire(); s.Close()

// Slots hands out connection slots, topped up by a janitor every interval.
type Slots struct {
	mu    sync.Mutex
	cond  *sync.Cond
	free  int
	max   int
	every time.Duration
	quit  chan struct{}
	once  sync.Once
}

func NewSlots(max int, every time.Duration) *Slots {
	s := &Slots{free: max, max: max, every: every, quit: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	s.startJanitor()
	return s
}

func (s *Slots) startJanitor() {
	tick := time.NewTicker(s.every)
	go func() {
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				s.topUp()
			case <-s.quit:
				return
			}
		}
	}()
}

func (s *Slots) topUp() {
	s.mu.Lock()
	s.free = s.max
	s.mu.Unlock()
	s.cond.Broadcast()
}

// Acquire blocks until a slot is free.
func (s *Slots) Acquire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.free == 0 {
		s.cond.Wait() // want "`s.cond.Wait\\(\\)` may never return once `Close` has run: only `topUp`, run by the goroutine started at line 30, change `s.free` or wake the waiters, and `Close` ends that goroutine without waking them"
	}
	s.free--
}

// Close stops the janitor.
func (s *Slots) Close() {
	s.once.Do(func() { close(s.quit) })
}
