package splitfarm

import (
	"sync"
	"time"
)

// run: f := NewFarm(2); time.Sleep(100 * time.Millisecond); f.Close(); time.Sleep(100 * time.Millisecond)

// Farm's workers live in worker.go.
type Farm struct {
	mu       sync.Mutex
	cond     *sync.Cond
	jobs     []func()
	draining bool
	since    time.Time
}

// NewFarm starts n workers.
func NewFarm(n int) *Farm {
	f := &Farm{since: time.Now()}
	f.cond = sync.NewCond(&f.mu)
	for i := 0; i < n; i++ {
		go f.work()
	}
	return f
}

// Close stops the workers once the queue is empty.
func (f *Farm) Close() {
	f.mu.Lock()
	f.draining = true
	f.mu.Unlock()
	f.cond.Signal()
}
