package queuecloseskipped

import (
	"errors"
	"io"
	"strings"
)

// run: f := Start(strings.NewReader("a\nb\n"), func(string) error { return errors.New("disk full") }); <-f.done

var errFatal = errors.New("fatal")

// Forwarder reads records and hands them to a writer goroutine.
type Forwarder struct {
	src     io.Reader
	records chan string
	done    chan struct{}
	write   func(string) error
	written int
}

// Start begins forwarding src to write.
func Start(src io.Reader, write func(string) error) *Forwarder {
	f := &Forwarder{src: src, records: make(chan string, 16), done: make(chan struct{}), write: write}
	go f.drain()
	go f.read()
	return f
}

func (f *Forwarder) read() {
	defer close(f.done)
	buf := make([]byte, 64)
	for {
		n, err := f.src.Read(buf)
		for _, line := range strings.Split(strings.TrimSpace(string(buf[:n])), "\n") {
			if line == "" {
				continue
			}
			if werr := f.write(line); werr != nil {
				return // the writer failed: stop reading
			}
		}
		if err != nil {
			close(f.records)
			return
		}
	}
}

func (f *Forwarder) drain() {
	for rec := range f.records { // want "goroutine `drain` never stops when `read` returns at line 40: it ranges over `Forwarder.records` until it is closed"
		f.written += len(rec)
	}
}
