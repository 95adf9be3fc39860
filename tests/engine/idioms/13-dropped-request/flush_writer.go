package flush_writer

import (
	"bytes"
	"errors"
	"sync/atomic"
)

// run: w := NewWriter(failingSink{}); w.Println("started"); go func() { _ = w.Flush() }(); for w.Flushes() == 0 { time.Sleep(time.Millisecond) }; w.Close()

// ErrClosed is returned by a closed writer.
var ErrClosed = errors.New("writer closed")

// Sink takes whole buffers of lines.
type Sink interface {
	Write(p []byte) error
}

type failingSink struct{}

func (failingSink) Write([]byte) error { return errors.New("disk full") }

// Writer buffers lines in one goroutine and hands them to its sink on Flush.
type Writer struct {
	sink    Sink
	lines   chan string
	flushes chan chan error
	quit    chan struct{}
	count   atomic.Int64
	lastErr error // owned by loop
}

// NewWriter starts the buffering goroutine; Close ends it.
func NewWriter(sink Sink) *Writer {
	w := &Writer{
		sink:    sink,
		lines:   make(chan string),
		flushes: make(chan chan error),
		quit:    make(chan struct{}),
	}
	go w.loop()
	return w
}

func (w *Writer) loop() {
	var buf bytes.Buffer
	for {
		select {
		case line := <-w.lines:
			buf.WriteString(line)
			buf.WriteByte('\n')
		case done := <-w.flushes:
			w.count.Add(1)
			if buf.Len() == 0 {
				done <- nil
				continue
			}
			if err := w.sink.Write(buf.Bytes()); err != nil {
				w.lastErr = err // keep the buffer: the next Flush tries again
				continue
			}
			buf.Reset()
			done <- nil
		case <-w.quit:
			return
		}
	}
}

// Println queues one line.
func (w *Writer) Println(line string) {
	select {
	case w.lines <- line:
	case <-w.quit:
	}
}

// Flush hands the buffered lines to the sink and reports how that went.
func (w *Writer) Flush() error {
	done := make(chan error)
	select {
	case w.flushes <- done:
	case <-w.quit:
		return ErrClosed
	}
	return <-done // want "blocks forever"
}

// Flushes counts the flushes the writer has taken.
func (w *Writer) Flushes() int64 { return w.count.Load() }

// Close ends the buffering goroutine.
func (w *Writer) Close() { close(w.quit) }
