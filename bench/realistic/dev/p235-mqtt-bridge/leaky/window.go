package bridge

import "sync"

// window bounds the number of messages in flight to the destination.
type window struct {
	mu      sync.Mutex
	cond    *sync.Cond
	size    int
	used    int
	closed  bool
	metrics Metrics
}

func newWindow(size int, m Metrics) *window {
	w := &window{size: size, metrics: m}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// acquire reserves a slot, waiting for one to be released if the window is
// full. It fails once the window has been shut down.
func (w *window) acquire() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.closed && w.used >= w.size {
		w.metrics.Backpressure(w.used)
		w.cond.Wait() // leak: Close marks the window closed but nothing wakes a forwarder waiting for a slot
	}
	if w.closed {
		return ErrClosed
	}
	w.used++
	return nil
}

// release frees a slot reserved by acquire.
func (w *window) release() {
	w.mu.Lock()
	if w.used > 0 {
		w.used--
	}
	w.mu.Unlock()
	w.cond.Signal()
}

// shutdown makes current and future calls to acquire fail.
func (w *window) shutdown() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
}
