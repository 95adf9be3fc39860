package fixedstalesnapshot

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

// take waits until n berths are free and takes them.
func (d *dock) take(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.free < n {
		d.cond.Wait()
	}
	d.free -= n
}

// give hands n berths back.
func (d *dock) give(n int) {
	d.mu.Lock()
	d.free += n
	d.last = time.Now()
	d.mu.Unlock()
	d.cond.Broadcast()
}
