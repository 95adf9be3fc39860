package fixed_job_waiter

import "sync"

// waiters keeps one channel per job ID until the job is finished.
type waiters struct {
	mu sync.Mutex
	m  map[string]chan struct{}
}

func newWaiters() *waiters { return &waiters{m: make(map[string]chan struct{})} }

// add returns the channel that is closed when the job with this ID finishes.
func (w *waiters) add(id string) chan struct{} {
	done := make(chan struct{})
	w.mu.Lock()
	w.m[id] = done
	w.mu.Unlock()
	return done
}

// finish wakes whoever waits for the job with this ID.
func (w *waiters) finish(id string) {
	w.mu.Lock()
	done, ok := w.m[id]
	delete(w.m, id)
	w.mu.Unlock()
	if ok {
		close(done)
	}
}
