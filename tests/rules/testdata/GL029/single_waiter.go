package singlewaiter

import "sync"

// Flusher writes batches on one background goroutine.
type Flusher struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending [][]byte
	closed  bool
}

// NewFlusher starts the one flushing goroutine.
func NewFlusher() *Flusher {
	f := &Flusher{}
	f.cond = sync.NewCond(&f.mu)
	go f.loop()
	return f
}

// Close stops the flusher: its one waiter needs one signal.
func (f *Flusher) Close() {
	f.mu.Lock()
	f.closed = true
	f.cond.Signal()
	f.mu.Unlock()
}

func (f *Flusher) loop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		for len(f.pending) == 0 && !f.closed {
			f.cond.Wait()
		}
		if len(f.pending) == 0 {
			return
		}
		f.pending = f.pending[1:]
	}
}
