package fixedstalesnapshotonedemand

import (
	"sync"
	"time"
)

// dock lends berths; a ship takes as many as its length needs.
type dock struct {
	mu   sync.Mutex
	cond *sync.Cond
	free int
	last time.Time // when berths were last given back
}

func newDock(n int) *dock {
	d := &dock{free: n}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// take waits until a berth is free and takes it: every ship asks for one.
func (d *dock) take() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.free == 0 {
		d.cond.Wait()
	}
	d.free--
}

// give hands n berths back.
func (d *dock) give(n int) {
	d.mu.Lock()
	wasFull := d.free == 0
	d.free += n
	d.last = time.Now()
	d.mu.Unlock()
	if wasFull {
		d.cond.Broadcast()
	}
}
