package wakeupondatabranch

import (
	"errors"
	"sync"
)

// Near misses of a skipped wake-up: the method wakes the waiters only when their
// condition may have come true, a choice made on the object's own state.

var ErrWrite = errors.New("write failed")

type Writer struct {
	mu      sync.Mutex
	drained *sync.Cond
	pending int
	sink    func([]byte) error
	lastErr error
}

func NewWriter(sink func([]byte) error) *Writer {
	w := &Writer{sink: sink}
	w.drained = sync.NewCond(&w.mu)
	return w
}

func (w *Writer) Write(rec []byte) {
	w.mu.Lock()
	w.pending++
	w.mu.Unlock()
	go w.flush(rec)
	go w.flushLast(rec)
}

// flush wakes the drainers only once nothing is pending.
func (w *Writer) flush(rec []byte) {
	err := w.sink(rec)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending--
	if err != nil {
		w.lastErr = err
	}
	if w.pending == 0 {
		w.drained.Broadcast()
	}
}

// flushLast decides through a local computed from the object.
func (w *Writer) flushLast(rec []byte) {
	err := w.sink(rec)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending--
	last := w.pending == 0
	if !last {
		return
	}
	if err != nil {
		w.lastErr = err
	}
	w.drained.Broadcast()
}

func (w *Writer) Drain() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.pending > 0 {
		w.drained.Wait()
	}
	return w.lastErr
}
