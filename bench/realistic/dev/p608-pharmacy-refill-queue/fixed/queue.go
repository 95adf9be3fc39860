package refill

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Queue holds refills from request to pickup.
type Queue struct {
	cfg    Config
	adj    Adjudicator
	notify Notifier

	mu     sync.Mutex
	active map[string]*Refill // by refill id
	byRx   map[string]string  // rx number -> active refill id
	holds  map[string]*Refill // awaiting prior authorization, by rx number
	seq    int

	stop chan struct{}
	done chan struct{}
}

// New starts a queue and its background sweeper.
func New(cfg Config, adj Adjudicator, notify Notifier) (*Queue, error) {
	if adj == nil || notify == nil {
		return nil, errors.New("refill: adjudicator and notifier are required")
	}
	cfg.setDefaults()
	q := &Queue{
		cfg:    cfg,
		adj:    adj,
		notify: notify,
		active: make(map[string]*Refill),
		byRx:   make(map[string]string),
		holds:  make(map[string]*Refill),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	go q.sweep()
	return q, nil
}

// Submit checks a refill request, adjudicates it and queues it for filling.
// A request that needs prior authorization is parked and returned together
// with ErrPriorAuthRequired.
func (q *Queue) Submit(ctx context.Context, req Request) (Refill, error) {
	if err := req.validate(); err != nil {
		return Refill{}, err
	}
	now := q.cfg.Now()

	q.mu.Lock()
	if id, ok := q.byRx[req.RxNumber]; ok {
		q.mu.Unlock()
		return Refill{}, fmt.Errorf("%w: rx %s as %s", ErrDuplicate, req.RxNumber, id)
	}
	if req.RefillsRemaining <= 0 {
		q.mu.Unlock()
		return Refill{}, fmt.Errorf("%w: rx %s", ErrNoRefills, req.RxNumber)
	}
	if !req.LastFilled.IsZero() {
		earliest := req.LastFilled.Add(time.Duration(float64(req.DaysSupply)*q.cfg.EarlyRefillPct) * 24 * time.Hour)
		if now.Before(earliest) {
			q.mu.Unlock()
			return Refill{}, fmt.Errorf("%w: rx %s eligible %s", ErrTooSoon, req.RxNumber, earliest.Format("2006-01-02"))
		}
	}
	q.seq++
	r := &Refill{ID: fmt.Sprintf("RF%06d", q.seq), Request: req, Status: StatusAdjudicating}
	q.active[r.ID] = r
	q.byRx[req.RxNumber] = r.ID
	q.mu.Unlock()

	dec, err := q.adj.Adjudicate(ctx, Claim{RefillID: r.ID, PatientID: req.PatientID, NDC: req.NDC, Quantity: req.Quantity})

	q.mu.Lock()
	switch {
	case errors.Is(err, ErrPriorAuthRequired):
		delete(q.active, r.ID)
		delete(q.byRx, req.RxNumber)
		r.Status, r.Reason = StatusOnHold, err.Error()
		q.holds[req.RxNumber] = r
		q.cfg.Logger.Printf("refill: %s rx %s on hold for prior authorization", r.ID, req.RxNumber)
		out := *r
		q.mu.Unlock()
		return out, err
	case err != nil:
		delete(q.active, r.ID)
		delete(q.byRx, req.RxNumber)
		q.mu.Unlock()
		return Refill{}, fmt.Errorf("refill: adjudicate %s: %w", r.ID, err)
	}
	r.Status = StatusQueued
	r.Copay, r.ClaimRef = dec.Copay, dec.Reference
	r.Due = now.Add(q.cfg.FillSLA)
	out := *r
	q.mu.Unlock()
	return out, nil
}

// MarkReady records that the technician has filled and bagged the refill.
func (q *Queue) MarkReady(id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	r, ok := q.active[id]
	if !ok || r.Status != StatusQueued {
		return fmt.Errorf("%w: %s", ErrUnknownRefill, id)
	}
	r.Status, r.ReadyAt = StatusReady, q.cfg.Now()
	return nil
}

// PickUp completes a refill at the counter.
func (q *Queue) PickUp(id string) (Refill, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	r, ok := q.active[id]
	if !ok || r.Status != StatusReady {
		return Refill{}, fmt.Errorf("%w: %s", ErrUnknownRefill, id)
	}
	r.Status = StatusPickedUp
	delete(q.active, id)
	delete(q.byRx, r.Request.RxNumber)
	return *r, nil
}

// Close stops the sweeper.
func (q *Queue) Close(ctx context.Context) error {
	select {
	case <-q.stop:
	default:
		close(q.stop)
	}
	select {
	case <-q.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("refill: sweeper did not stop: %w", ctx.Err())
	}
}

func (q *Queue) sweep() {
	defer close(q.done)
	t := time.NewTicker(q.cfg.SweepEvery)
	defer t.Stop()
	for {
		select {
		case <-q.stop:
			return
		case <-t.C:
		}
		overdue, returned := q.sweepOnce(q.cfg.Now())
		for _, r := range overdue {
			q.notify.Overdue(r)
		}
		for _, r := range returned {
			q.notify.ReturnedToStock(r)
		}
	}
}

func (q *Queue) sweepOnce(now time.Time) (overdue, returned []Refill) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for id, r := range q.active {
		switch {
		case r.Status == StatusQueued && now.After(r.Due):
			overdue = append(overdue, *r)
		case r.Status == StatusReady && now.Sub(r.ReadyAt) > q.cfg.ReturnAfter:
			r.Status = StatusReturned
			delete(q.active, id)
			delete(q.byRx, r.Request.RxNumber)
			returned = append(returned, *r)
		}
	}
	return overdue, returned
}
