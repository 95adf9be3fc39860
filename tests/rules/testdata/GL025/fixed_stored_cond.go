package fixedstoredcond

import (
	"sync"
	"time"
)

// paced blocks in fn until the test broadcasts on the condition it was given.
type paced struct {
	called int
	wait   *sync.Cond
}

func (p *paced) fn() {
	if p.wait != nil {
		p.wait.L.Lock()
		for p.called == 0 {
			p.wait.Wait()
		}
		p.wait.L.Unlock()
	}
	p.called++
}

// The condition is broadcast through the local it was made in and stored from.
func runParallel() {
	wait := sync.NewCond(&sync.Mutex{})
	p := &paced{wait: wait}
	go p.fn()
	time.Sleep(time.Millisecond)
	wait.L.Lock()
	p.called = 1
	wait.L.Unlock()
	wait.Broadcast()
}

// unset's condition is never given a value in the package: a Wait on it panics on
// the nil pointer rather than sleeping, and the nil check keeps it from running.
type unset struct {
	n    int
	cond *sync.Cond
}

func (u *unset) fn() {
	if u.cond != nil {
		u.cond.L.Lock()
		for u.n == 0 {
			u.cond.Wait()
		}
		u.cond.L.Unlock()
	}
	u.n++
}
