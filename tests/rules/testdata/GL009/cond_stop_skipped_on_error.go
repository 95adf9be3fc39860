package spool

import (
	"errors"
	"sync"
)

// run: s := NewSpool(failingSink{}); _ = s.Close()

// Sink receives spooled records.
type Sink interface {
	Write(records []string) error
}

type failingSink struct{}

func (failingSink) Write([]string) error { return errors.New("sink down") }

// Spool batches records and hands them to its sink in the background.
type Spool struct {
	sink    Sink
	mu      sync.Mutex
	cond    *sync.Cond
	pending []string
	closing bool
}

// NewSpool starts the spool's shipper.
func NewSpool(sink Sink) *Spool {
	s := &Spool{sink: sink}
	s.cond = sync.NewCond(&s.mu)
	go s.ship()
	return s
}

// Add queues one record.
func (s *Spool) Add(record string) {
	s.mu.Lock()
	s.pending = append(s.pending, record)
	s.cond.Signal()
	s.mu.Unlock()
}

func (s *Spool) ship() {
	for {
		s.mu.Lock()
		for len(s.pending) == 0 && !s.closing {
			s.cond.Wait() // want "goroutine `ship` never stops when `Close` returns at line 68: it sleeps on a condition until `Spool.closing` is set"
		}
		if s.closing {
			s.mu.Unlock()
			return
		}
		batch := s.pending
		s.pending = nil
		s.mu.Unlock()
		_ = s.sink.Write(batch)
	}
}

// Close writes what is left and stops the shipper.
func (s *Spool) Close() error {
	s.mu.Lock()
	rest := s.pending
	s.pending = nil
	s.mu.Unlock()
	if err := s.sink.Write(rest); err != nil {
		return err
	}
	s.mu.Lock()
	s.closing = true
	s.cond.Broadcast()
	s.mu.Unlock()
	return nil
}
