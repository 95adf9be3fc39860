package signalperwaiter

import "sync"

// Farm runs tasks on a fixed number of workers.
type Farm struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []string
	closed  bool
	workers int
}

// NewFarm starts n workers.
func NewFarm(n int) *Farm {
	f := &Farm{workers: n}
	f.cond = sync.NewCond(&f.mu)
	for i := 0; i < n; i++ {
		go f.worker()
	}
	return f
}

// Close wakes each worker once.
func (f *Farm) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for i := 0; i < f.workers; i++ {
		f.cond.Signal()
	}
}

func (f *Farm) worker() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		for len(f.queue) == 0 && !f.closed {
			f.cond.Wait()
		}
		if len(f.queue) == 0 {
			return
		}
		f.queue = f.queue[1:]
	}
}
