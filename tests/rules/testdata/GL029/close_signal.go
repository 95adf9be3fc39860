package closesignal

import (
	"sync"
	"time"
)

// run: f := NewFarm(3); time.Sleep(100 * time.Millisecond); f.Close(); time.Sleep(100 * time.Millisecond)

// Farm runs tasks on a fixed number of workers.
type Farm struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []string
	closed bool
	done   int
	since  time.Time
}

// NewFarm starts n workers.
func NewFarm(n int) *Farm {
	f := &Farm{since: time.Now()}
	f.cond = sync.NewCond(&f.mu)
	for i := 0; i < n; i++ {
		go f.worker()
	}
	return f
}

// Submit queues a task.
func (f *Farm) Submit(t string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, t)
	f.cond.Signal()
}

// Close lets the workers finish the queue and stop.
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
		f.cond.Wait() // want "`f.cond.Wait\\(\\)` may never return: `Close` sets `f.closed`, which this loop waits on, but wakes one waiter with `Signal\\(\\)`, and several goroutines wait here"
	}
	if len(f.queue) == 0 {
		return "", false
	}
	t := f.queue[0]
	f.queue = f.queue[1:]
	return t, true
}

func (f *Farm) worker() {
	for {
		t, ok := f.next()
		if !ok {
			return
		}
		f.mu.Lock()
		f.done += len(t)
		f.mu.Unlock()
	}
}
