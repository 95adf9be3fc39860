package fittings

import (
	"errors"
	"sync"
	"time"
)

// run: p := NewPlanner(); _ = p.Open("o1"); time.Sleep(100 * time.Millisecond); _ = p.Cancel("o1")

var errUnknownOrder = errors.New("fittings: unknown order")

// orderState is one order waiting for its measurements.
type orderState struct {
	id        string
	mu        sync.Mutex
	cond      *sync.Cond
	taken     map[string]float64
	cancelled bool
}

// Planner drafts a pattern once an order's measurements are in.
type Planner struct {
	mu     sync.Mutex
	orders map[string]*orderState
	opened time.Time
}

func NewPlanner() *Planner {
	return &Planner{orders: map[string]*orderState{}, opened: time.Now()}
}

// Open starts waiting for the measurements of an order.
func (p *Planner) Open(id string) error {
	st := &orderState{id: id, taken: map[string]float64{}}
	st.cond = sync.NewCond(&st.mu)
	p.mu.Lock()
	p.orders[id] = st
	p.mu.Unlock()
	go p.await(st)
	return nil
}

// Record stores one measurement and wakes the order's waiter.
func (p *Planner) Record(id, what string, cm float64) error {
	p.mu.Lock()
	st, ok := p.orders[id]
	p.mu.Unlock()
	if !ok {
		return errUnknownOrder
	}
	st.mu.Lock()
	st.taken[what] = cm
	st.mu.Unlock()
	st.cond.Broadcast()
	return nil
}

// Cancel forgets an order; the goroutine waiting for its measurements is not told.
func (p *Planner) Cancel(id string) error {
	p.mu.Lock()
	st, ok := p.orders[id]
	if !ok {
		p.mu.Unlock()
		return errUnknownOrder
	}
	delete(p.orders, id)
	p.mu.Unlock()
	st.mu.Lock()
	st.cancelled = true
	st.mu.Unlock()
	return nil
}

func (p *Planner) await(st *orderState) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for {
		if len(st.taken) >= 3 || st.cancelled {
			break
		}
		st.cond.Wait() // want "`st.cond.Wait\\(\\)` may never return: `Cancel` sets `st.cancelled`, which this loop waits on, without `Signal` or `Broadcast`"
	}
}
