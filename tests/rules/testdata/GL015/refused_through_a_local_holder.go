package spill

import (
	"context"
	"errors"
	"sync"
)

// run: w := NewWriter(); ctx, cancel := context.WithCancel(context.Background()); cancel(); _ = w.Write(ctx, "x"); w.Rotate()

// ErrClosed refuses writes after Close.
var ErrClosed = errors.New("spill: closed")

// file is one spill file; pending counts writes not yet flushed to it.
type file struct {
	name    string
	pending sync.WaitGroup
}

type flushReq struct {
	f    *file
	line string
}

// Writer spills lines to the current file through a flusher.
type Writer struct {
	mu      sync.Mutex
	cur     *file
	flushes chan flushReq
	stop    chan struct{}
}

// NewWriter starts a writer with its first file.
func NewWriter() *Writer {
	return &Writer{cur: &file{name: "0"}, flushes: make(chan flushReq), stop: make(chan struct{})}
}

// Write hands a line to the flusher of the current file.
func (w *Writer) Write(ctx context.Context, line string) error {
	w.mu.Lock()
	f := w.cur
	f.pending.Add(1)
	w.mu.Unlock()
	select {
	case w.flushes <- flushReq{f: f, line: line}:
		return nil
	case <-w.stop:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Rotate starts a new file and finishes the old one once its writes are flushed.
func (w *Writer) Rotate() {
	w.mu.Lock()
	old := w.cur
	w.cur = &file{name: old.name + "'"}
	w.mu.Unlock()
	go finish(old)
}

func finish(f *file) {
	f.pending.Wait() // want "`f.pending.Wait\\(\\)` never returns once `Write` has refused work: it adds to `pending`, then returns at line 48 without handing the work on or calling `Done`"
}
