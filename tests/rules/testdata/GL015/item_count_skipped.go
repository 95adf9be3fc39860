package itemcountskipped

import (
	"errors"
	"sync"
)

// run: s := NewSpooler(func(m Mail) error { return nil }); _ = s.Queue(Mail{To: ""}); s.Close(); go s.Flush()

// Mail is one message waiting to go out.
type Mail struct {
	To, Body string
}

// Spooler hands queued mail to a sender goroutine; Flush waits until every queued
// message has been handled.
type Spooler struct {
	send     func(Mail) error
	outbox   chan Mail
	inflight sync.WaitGroup
	failed   []error
	mu       sync.Mutex
}

// NewSpooler starts the sender.
func NewSpooler(send func(Mail) error) *Spooler {
	s := &Spooler{send: send, outbox: make(chan Mail, 16)}
	go s.deliver()
	return s
}

// Queue adds a message to the outbox.
func (s *Spooler) Queue(m Mail) error {
	s.inflight.Add(1)
	s.outbox <- m
	return nil
}

func (s *Spooler) deliver() {
	for m := range s.outbox {
		if m.To == "" {
			s.note(errors.New("mail without a recipient dropped"))
			continue
		}
		if err := s.send(m); err != nil {
			s.note(err)
		}
		s.inflight.Done()
	}
}

func (s *Spooler) note(err error) {
	s.mu.Lock()
	s.failed = append(s.failed, err)
	s.mu.Unlock()
}

// Close stops taking mail; what is queued is still delivered.
func (s *Spooler) Close() { close(s.outbox) }

// Flush waits until every queued message has been sent or dropped.
func (s *Spooler) Flush() {
	s.inflight.Wait() // want "`s.inflight.Wait\(\)` never returns once `deliver` skips an item: each item sent is counted in with `Add\(1\)` and out by `s.inflight.Done\(\)` in the loop over it, but the `continue` at line 43"
}
