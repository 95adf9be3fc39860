package skippedwakeup

import (
	"errors"
	"sync"
	"time"
)

// run: w := NewWriter(func([]byte) error { time.Sleep(5 * time.Millisecond); return errWrite }); w.Write([]byte("x")); go func() { _ = w.Drain() }(); time.Sleep(100 * time.Millisecond)

var errWrite = errors.New("write failed")

// Writer hands each record to a goroutine of its own; Drain waits for them.
type Writer struct {
	mu      sync.Mutex
	drained *sync.Cond
	pending int
	sink    func([]byte) error
	lastErr error
	opened  time.Time
}

func NewWriter(sink func([]byte) error) *Writer {
	w := &Writer{sink: sink, opened: time.Now()}
	w.drained = sync.NewCond(&w.mu)
	return w
}

func (w *Writer) Write(rec []byte) {
	w.mu.Lock()
	w.pending++
	w.mu.Unlock()
	go w.flush(rec)
}

func (w *Writer) flush(rec []byte) {
	err := w.sink(rec)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending--
	if err != nil {
		w.lastErr = err
		return
	}
	w.drained.Broadcast()
}

// Drain waits for every record written so far.
func (w *Writer) Drain() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.pending > 0 {
		w.drained.Wait() // want "`w.drained.Wait\\(\\)` may never return: `flush` changes `w.pending`, which this loop waits on, and wakes the waiters afterwards, but when `err != nil` it goes on without waking them"
	}
	return w.lastErr
}
