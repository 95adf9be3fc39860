package fixedcallerloops

import (
	"bytes"
	"sync"
)

// Pipe is an in-memory FIFO; readOrBlock waits once, and Read calls it until it
// gets something, so the loop re-checking the condition is the caller's.
type Pipe struct {
	mu     sync.Mutex
	cnd    *sync.Cond
	buf    bytes.Buffer
	closed bool
}

func NewPipe() *Pipe {
	p := &Pipe{}
	p.cnd = sync.NewCond(&p.mu)
	return p
}

func (p *Pipe) readOrBlock(b []byte) (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, _ := p.buf.Read(b)
	if n == 0 && !p.closed {
		p.cnd.Wait()
	}
	return n, p.closed
}

func (p *Pipe) Read(b []byte) int {
	n := 0
	for n == 0 {
		got, closed := p.readOrBlock(b)
		n += got
		if closed {
			break
		}
	}
	return n
}

func (p *Pipe) Write(b []byte) {
	p.mu.Lock()
	p.buf.Write(b)
	p.mu.Unlock()
	p.cnd.Broadcast()
}
