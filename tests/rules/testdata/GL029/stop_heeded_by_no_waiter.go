package stopheededbynowaiter

import "sync"

// run: d := NewDome(); _ = d.Await("open"); d.Shutdown()

// Dome tracks the shutters of an observatory dome.
type Dome struct {
	mu     sync.Mutex
	cond   *sync.Cond
	state  string
	closed bool
}

// NewDome starts with the shutters closed.
func NewDome() *Dome {
	d := &Dome{state: "closed"}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// Await reports on the channel once the shutters reach target.
func (d *Dome) Await(target string) <-chan bool {
	reached := make(chan bool, 1)
	go func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		for d.state != target {
			d.cond.Wait() // want "`d\\.cond\\.Wait\\(\\)` may never return once `Shutdown` has run: it sets `d\\.closed` and wakes the waiters, but this"
		}
		reached <- true
	}()
	return reached
}

// Set records a new state of the shutters.
func (d *Dome) Set(state string) {
	d.mu.Lock()
	d.state = state
	d.cond.Broadcast()
	d.mu.Unlock()
}

// Shutdown parks the dome and wakes whoever waits on it (NO_WAITER_HEEDS: no wait
// loop tests the flag it sets).
func (d *Dome) Shutdown() {
	d.mu.Lock()
	d.closed = true
	d.cond.Broadcast()
	d.mu.Unlock()
}
