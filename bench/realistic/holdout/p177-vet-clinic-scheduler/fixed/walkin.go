package clinic

import (
	"context"
	"fmt"
	"sync"
)

// WalkIn is a patient that arrived without an appointment.
type WalkIn struct {
	Pet   string
	Owner string
}

// Ticket tracks a walk-in waiting for a vet.
type Ticket struct {
	ID     string
	WalkIn WalkIn

	done chan struct{}
	vet  string
	err  error
}

// Wait blocks until a vet has been assigned, the scheduler is closed, or ctx
// is done.
func (t *Ticket) Wait(ctx context.Context) (string, error) {
	select {
	case <-t.done:
		return t.vet, t.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// AdmitWalkIn queues a walk-in. Walk-ins are seen in arrival order by the
// first walk-in vet to become free.
func (s *Scheduler) AdmitWalkIn(ctx context.Context, w WalkIn) (*Ticket, error) {
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	t := &Ticket{ID: s.nextID("walkin"), WalkIn: w, done: make(chan struct{})}
	s.vets.enqueue(t)
	go s.serveWalkIn(t)
	return t, nil
}

// Release returns a vet to the walk-in pool once they are done with a patient.
func (s *Scheduler) Release(vet string) error {
	if !contains(s.cfg.WalkInVets, vet) {
		return fmt.Errorf("release %q: %w", vet, ErrUnknownVet)
	}
	return s.vets.release(vet)
}

func (s *Scheduler) serveWalkIn(t *Ticket) {
	defer close(t.done)
	vet, err := s.vets.await(t)
	if err != nil {
		t.err = err
		return
	}
	if err := s.notifier.WalkInCalled(s.ctx, t.WalkIn, vet); err != nil {
		s.log.Printf("clinic: notify walk-in %s: %v", t.ID, err)
	}
	t.vet = vet
}

// vetPool hands free walk-in vets to queued tickets.
type vetPool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	free   []string
	busy   map[string]bool
	queue  []*Ticket
	closed bool
}

func newVetPool(vets []string) *vetPool {
	p := &vetPool{free: append([]string(nil), vets...), busy: make(map[string]bool)}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *vetPool) enqueue(t *Ticket) {
	p.mu.Lock()
	p.queue = append(p.queue, t)
	p.mu.Unlock()
}

// await blocks until t is first in line and a vet is free.
func (p *vetPool) await(t *Ticket) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		switch {
		case p.closed:
			return "", ErrClosed
		case len(p.free) > 0 && p.queue[0] == t:
			vet := p.free[0]
			p.free = p.free[1:]
			p.busy[vet] = true
			p.queue = p.queue[1:]
			// The next walk-in may be able to take another free vet.
			p.cond.Broadcast()
			return vet, nil
		}
		p.cond.Wait()
	}
}

func (p *vetPool) release(vet string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.busy[vet] {
		return fmt.Errorf("release %q: vet is not with a walk-in", vet)
	}
	delete(p.busy, vet)
	p.free = append(p.free, vet)
	p.cond.Broadcast()
	return nil
}

func (p *vetPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
}
