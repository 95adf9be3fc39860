package lonesignalthroughafield

import (
	"sync"
	"time"
)

// run: p := NewPressroom(3); time.Sleep(100 * time.Millisecond); p.Shutdown(); time.Sleep(100 * time.Millisecond)

// rack holds plate sets for the presses.
type rack struct {
	mu     sync.Mutex
	ready  *sync.Cond
	sets   []string
	closed bool
}

func newRack() *rack {
	r := &rack{}
	r.ready = sync.NewCond(&r.mu)
	return r
}

func (r *rack) put(s string) {
	r.mu.Lock()
	r.sets = append(r.sets, s)
	r.mu.Unlock()
	r.ready.Signal()
}

// take waits for a set; false once the rack is closed and empty.
func (r *rack) take() (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.sets) == 0 && !r.closed {
		r.ready.Wait() // want "`r\\.ready\\.Wait\\(\\)` may never return: `close` sets `r\\.closed`, which this loop waits on, but wakes one waiter"
	}
	if len(r.sets) == 0 {
		return "", false
	}
	s := r.sets[0]
	r.sets = r.sets[1:]
	return s, true
}

// close wakes one press only, though every idle press waits on the rack.
func (r *rack) close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.ready.Signal()
}

// Pressroom runs one loop per press, each taking from the shared rack.
type Pressroom struct {
	rack    *rack
	started time.Time
}

// NewPressroom starts n presses.
func NewPressroom(n int) *Pressroom {
	p := &Pressroom{rack: newRack(), started: time.Now()}
	for i := 0; i < n; i++ {
		go p.operate()
	}
	return p
}

func (p *Pressroom) operate() {
	for {
		if _, ok := p.rack.take(); !ok {
			return
		}
	}
}

// Submit racks a plate set.
func (p *Pressroom) Submit(s string) { p.rack.put(s) }

// Shutdown closes the rack.
func (p *Pressroom) Shutdown() { p.rack.close() }
