package counterdeskunwoken

import (
	"sync"
	"time"
)

// run: d := NewDesk(func([]int) error { return nil }, "a"); served := make(chan struct{}); go func() { d.Await("a", 7); close(served) }(); for d.Waiting("a") == 0 { time.Sleep(time.Millisecond) }; _ = d.Shutdown()

// counter is the queue of one service counter; its condition shares the desk's mutex.
type counter struct {
	cond    *sync.Cond
	next    int
	waiting []int
}

// Desk calls tickets at several counters; a client waits at its counter until called.
type Desk struct {
	mu       sync.Mutex
	counters map[string]*counter
	closed   bool
	closedAt time.Time
	save     func([]int) error
}

func NewDesk(save func([]int) error, names ...string) *Desk {
	d := &Desk{counters: make(map[string]*counter), save: save}
	for _, n := range names {
		d.counters[n] = &counter{cond: sync.NewCond(&d.mu)}
	}
	return d
}

// Await blocks until the ticket is called at the counter, or the desk shuts down.
func (d *Desk) Await(name string, ticket int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.counters[name]
	c.waiting = append(c.waiting, ticket)
	for !d.closed && c.next < ticket {
		c.cond.Wait() // want "`c.cond.Wait\(\)` may never return: `Shutdown` sets `d.closed`, which this loop waits on, without `Signal` or `Broadcast`"
	}
	return !d.closed
}

// Waiting reports how many clients wait at the counter.
func (d *Desk) Waiting(name string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.counters[name].waiting)
}

// Call moves the counter on to the ticket.
func (d *Desk) Call(name string, ticket int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.counters[name]
	c.next = ticket
	c.cond.Broadcast()
}

// Shutdown stops the desk, saves the tickets still waiting and sends every client home.
func (d *Desk) Shutdown() error {
	d.mu.Lock()
	d.closed = true
	d.closedAt = time.Now()
	var pending []int
	for _, c := range d.counters {
		pending = append(pending, c.waiting...)
	}
	d.mu.Unlock()
	return d.save(pending)
}
