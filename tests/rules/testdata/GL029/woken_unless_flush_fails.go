package spool

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// run: s := newSpooler(failingStore{}); go s.work(); for !s.parked() { time.Sleep(time.Millisecond) }; s.mu.Lock(); s.lines = append(s.lines, "x"); s.mu.Unlock(); _ = s.Close()

type store interface {
	Save(batch []string) error
}

type failingStore struct{}

func (failingStore) Save([]string) error { return errors.New("disk full") }

// spooler hands lines to a worker and saves what is left on Close.
type spooler struct {
	mu      sync.Mutex
	ready   *sync.Cond
	lines   []string
	closed  bool
	waiting int
	store   store
	timeout time.Duration
}

func newSpooler(st store) *spooler {
	s := &spooler{store: st, timeout: time.Second}
	s.ready = sync.NewCond(&s.mu)
	return s
}

func (s *spooler) parked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiting > 0
}

// Add queues a line.
func (s *spooler) Add(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = append(s.lines, line)
	s.ready.Signal()
}

// Close saves the lines not yet handled and stops the worker.
func (s *spooler) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if len(s.lines) > 0 {
		if err := s.store.Save(s.lines); err != nil {
			return fmt.Errorf("spool: save on close: %w", err)
		}
		s.lines = nil
	}
	s.ready.Broadcast()
	return nil
}

func (s *spooler) work() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for len(s.lines) == 0 && !s.closed {
			s.waiting++
			s.ready.Wait() // want "`s.ready.Wait\(\)` may never return: `Close` changes `s.closed`, which this loop waits on, and wakes the waiters afterwards, but when `err != nil` it goes on without waking them"
			s.waiting--
		}
		if s.closed {
			return
		}
		s.lines = s.lines[1:]
	}
}
