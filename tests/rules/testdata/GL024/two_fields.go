package twofields

import "sync"

// Pipe buffers writes and moves them to its output on Flush.
type Pipe struct {
	inMu  sync.Mutex
	outMu sync.Mutex
	in    []byte
	out   []byte
}

func (p *Pipe) Write(b []byte) {
	p.inMu.Lock()
	defer p.inMu.Unlock()
	p.in = append(p.in, b...)
	if len(p.in) > 512 {
		p.outMu.Lock() // want "`Write` locks `p.outMu` while holding `p.inMu`, but `Flush` takes them in the opposite order \(line 29\)"
		p.out, p.in = append(p.out, p.in...), p.in[:0]
		p.outMu.Unlock()
	}
}

func (p *Pipe) Flush() []byte {
	p.outMu.Lock()
	defer p.outMu.Unlock()
	out := p.out
	p.out = nil
	p.inMu.Lock() // want "`Flush` locks `p.inMu` while holding `p.outMu`, but `Write` takes them in the opposite order \(line 18\)"
	out = append(out, p.in...)
	p.in = p.in[:0]
	p.inMu.Unlock()
	return out
}
