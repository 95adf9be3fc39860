package relayedsignal

import "sync"

// Farm runs tasks on a fixed number of workers.
type Farm struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []string
	closed bool
}

// NewFarm starts n workers.
func NewFarm(n int) *Farm {
	f := &Farm{}
	f.cond = sync.NewCond(&f.mu)
	for i := 0; i < n; i++ {
		go f.worker()
	}
	return f
}

// Close wakes one worker; each worker that leaves wakes the next.
func (f *Farm) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.cond.Signal()
}

func (f *Farm) next() (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.queue) == 0 && !f.closed {
		f.cond.Wait()
	}
	if len(f.queue) == 0 {
		f.cond.Signal() // pass the wake-up on
		return "", false
	}
	t := f.queue[0]
	f.queue = f.queue[1:]
	return t, true
}

func (f *Farm) worker() {
	for {
		if _, ok := f.next(); !ok {
			return
		}
	}
}
