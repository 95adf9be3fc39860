package stalesnapshot

import (
	"sync"
	"time"
)

// run: d := newDock(2); d.take(2); go func() { d.take(2) }(); time.Sleep(100 * time.Millisecond); d.give(1); time.Sleep(100 * time.Millisecond); d.give(1)

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
		d.cond.Wait() // want "`d.cond.Wait\(\)` may never return: `give` changes `d.free`"
	}
	d.free -= n
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
