// Package attach streams a container's output to attached clients through a
// bounded in-memory pipe, so a slow client holds back the copier instead of
// making it buffer without limit.
package attach

import (
	"errors"
	"io"
	"sync"
)

// ErrClosedPipe is returned by writes after the reading side went away.
var ErrClosedPipe = errors.New("attach: read side closed")

// Pipe is a bounded byte pipe with one writer and one reader.
type Pipe struct {
	mu       sync.Mutex
	notEmpty *sync.Cond // signalled when data arrives or the writer closes
	notFull  *sync.Cond // signalled when space frees up or the reader closes
	buf      []byte
	max      int
	rerr     error // set when the reader closed; writes fail with it
	werr     error // set when the writer closed; reads drain then fail with it
}

// NewPipe makes a pipe holding at most max bytes.
func NewPipe(max int) *Pipe {
	p := &Pipe{max: max}
	p.notEmpty = sync.NewCond(&p.mu)
	p.notFull = sync.NewCond(&p.mu)
	return p
}

// Write copies b into the pipe, waiting for room as needed.
func (p *Pipe) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for len(b) > 0 {
		for len(p.buf) >= p.max && p.rerr == nil {
			p.notFull.Wait()
		}
		if p.rerr != nil {
			return n, p.rerr
		}
		if p.werr != nil {
			return n, io.ErrClosedPipe
		}
		k := p.max - len(p.buf)
		if k > len(b) {
			k = len(b)
		}
		p.buf = append(p.buf, b[:k]...)
		b = b[k:]
		n += k
		p.notEmpty.Signal()
	}
	return n, nil
}

// Read copies buffered bytes into b, waiting for data as needed.
func (p *Pipe) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 && p.werr == nil && p.rerr == nil {
		p.notEmpty.Wait()
	}
	if p.rerr != nil {
		return 0, p.rerr
	}
	if len(p.buf) == 0 {
		return 0, p.werr
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	p.notFull.Signal()
	return n, nil
}

// Buffered reports how many bytes wait to be read.
func (p *Pipe) Buffered() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.buf)
}

// CloseWithError closes the writing side; readers see err (io.EOF if nil)
// once the buffer is drained.
func (p *Pipe) CloseWithError(err error) {
	if err == nil {
		err = io.EOF
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.werr == nil {
		p.werr = err
	}
	p.notEmpty.Broadcast()
}

// CloseRead closes the reading side: buffered data is dropped and pending and
// future writes fail.
func (p *Pipe) CloseRead() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rerr == nil {
		p.rerr = ErrClosedPipe
	}
	p.buf = nil
	p.notFull.Broadcast()
	p.notEmpty.Broadcast()
}
