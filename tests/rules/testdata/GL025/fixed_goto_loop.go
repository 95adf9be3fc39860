package gotoloop

import "sync"

// run: r := NewRing(); go r.Put(1); _, _ = r.Take()

// Ring re-checks its state after each wake-up by jumping back to the test.
type Ring struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func NewRing() *Ring {
	r := &Ring{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *Ring) Put(v int) {
	r.mu.Lock()
	r.items = append(r.items, v)
	r.mu.Unlock()
	r.cond.Signal()
}

func (r *Ring) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cond.Broadcast()
}

func (r *Ring) Take() (int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
entry:
	if r.closed {
		return 0, false
	}
	if len(r.items) == 0 {
		r.cond.Wait()
		goto entry
	}
	v := r.items[0]
	r.items = r.items[1:]
	return v, true
}
