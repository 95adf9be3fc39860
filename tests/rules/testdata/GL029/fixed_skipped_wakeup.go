package fixedskippedwakeup

import (
	"errors"
	"sync"
	"time"
)

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
		w.drained.Broadcast()
		return
	}
	w.drained.Broadcast()
}

// Drain waits for every record written so far.
func (w *Writer) Drain() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.pending > 0 {
		w.drained.Wait()
	}
	return w.lastErr
}
