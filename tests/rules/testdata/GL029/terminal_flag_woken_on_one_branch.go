package terminalflag

import (
	"log"
	"sync"
	"time"
)

// run: d := NewDesk(); time.Sleep(100 * time.Millisecond); d.Close()

// Desk hands queued tickets to its clerk goroutine.
type Desk struct {
	mu      sync.Mutex
	cond    *sync.Cond
	tickets []string
	closed  bool
	served  int
}

func NewDesk() *Desk {
	d := &Desk{}
	d.cond = sync.NewCond(&d.mu)
	go d.clerk()
	return d
}

// Queue adds a ticket for the clerk.
func (d *Desk) Queue(t string) {
	d.mu.Lock()
	d.tickets = append(d.tickets, t)
	d.mu.Unlock()
	d.cond.Signal()
}

func (d *Desk) clerk() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		for len(d.tickets) == 0 && !d.closed {
			d.cond.Wait() // want "`d.cond.Wait\\(\\)` may never return: `Close` changes `d.closed`, which this loop waits on, and wakes the waiters afterwards, but unless `len\\(left\\) > 0` it goes on without waking them"
		}
		if d.closed {
			return
		}
		d.tickets = d.tickets[1:]
		d.served++
	}
}

// Close stops the clerk, dropping the tickets still queued.
func (d *Desk) Close() {
	d.mu.Lock()
	d.closed = true
	left := d.tickets
	d.tickets = nil
	if len(left) > 0 {
		log.Printf("desk closing at %s with %d tickets unserved", time.Now().Format(time.Kitchen), len(left))
		d.cond.Broadcast()
	}
	d.mu.Unlock()
}
