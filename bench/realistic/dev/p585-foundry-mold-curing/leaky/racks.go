package curing

import (
	"fmt"
	"sync"
)

// rackPool tracks free rack positions in the curing oven. Molds of
// different flask sizes take different numbers of positions.
type rackPool struct {
	mu       sync.Mutex
	cond     *sync.Cond
	capacity int
	free     int
	peak     int
}

func newRackPool(capacity int) *rackPool {
	r := &rackPool{capacity: capacity, free: capacity}
	r.cond = sync.NewCond(&r.mu)
	return r
}

// acquire blocks until units positions are free and takes them.
func (r *rackPool) acquire(units int) error {
	if units <= 0 || units > r.capacity {
		return fmt.Errorf("cannot rack %d positions in an oven of %d", units, r.capacity)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.free < units {
		r.cond.Wait() // leak: release only wakes waiters when the oven was completely full
	}
	r.free -= units
	if used := r.capacity - r.free; used > r.peak {
		r.peak = used
	}
	return nil
}

// release gives units positions back to the oven.
func (r *rackPool) release(units int) {
	r.mu.Lock()
	wasFull := r.free == 0
	r.free += units
	if r.free > r.capacity {
		r.free = r.capacity
	}
	r.mu.Unlock()
	if wasFull {
		r.cond.Broadcast()
	}
}

func (r *rackPool) peakUsage() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.peak
}
