package candling

import (
	"context"
	"fmt"
	"time"
)

// LampStatus is reported by the candling lamp whenever it changes.
type LampStatus struct {
	Ready bool
	TempC float64
	Fault string
}

// Lamp is the candling lamp shared by the tables of the candling room.
type Lamp interface {
	// Watch delivers every status change to fn until stop is called.
	Watch(fn func(LampStatus)) (stop func())
}

// lampWait is one table's place in the queue for the lamp.
type lampWait struct {
	table     string
	abandoned bool
	granted   chan error
}

func (s *Station) onLamp(st LampStatus) {
	s.mu.Lock()
	was := s.status
	s.status = st
	s.mu.Unlock()

	if st.Fault != "" && st.Fault != was.Fault {
		s.log.Printf("lamp fault: %s (%.1f°C)", st.Fault, st.TempC)
	}
	if st.Ready && !was.Ready {
		s.log.Printf("lamp ready (%.1f°C)", st.TempC)
		s.cond.Signal()
	}
}

// acquire waits until the lamp is ready and no other table is using it.
func (s *Station) acquire(ctx context.Context, table string) error {
	w := &lampWait{table: table, granted: make(chan error, 1)}
	start := time.Now()
	go s.queueFor(w)

	select {
	case err := <-w.granted:
		return err
	case <-ctx.Done():
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	w.abandoned = true
	select {
	case err := <-w.granted:
		if err == nil {
			s.busy = false
			s.holder = ""
			s.cond.Signal()
		}
	default:
	}
	return fmt.Errorf("%w: table %s gave up after %v (%v)", ErrLampUnavailable, table,
		time.Since(start).Round(time.Millisecond), ctx.Err())
}

func (s *Station) queueFor(w *lampWait) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.closed && (s.busy || !s.status.Ready) {
		s.cond.Wait()
	}
	switch {
	case s.closed:
		w.granted <- ErrClosed
	case w.abandoned:
		s.cond.Signal()
	default:
		s.busy = true
		s.holder = w.table
		w.granted <- nil
	}
}

func (s *Station) release() {
	s.mu.Lock()
	s.busy = false
	s.holder = ""
	s.mu.Unlock()
	s.cond.Signal()
}

func (s *Station) lampFault() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status.Fault
}
