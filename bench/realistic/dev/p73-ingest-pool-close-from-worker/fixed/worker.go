package ingest

import (
	"errors"
	"fmt"
)

func (p *Pool) worker() {
	defer p.wg.Done()
	for {
		select {
		case <-p.quit:
			return
		case b := <-p.jobs:
			if err := p.w.Write(p.ctx, b); err != nil {
				p.fail(fmt.Errorf("ingest: write %s (%d rows): %w", b.Table, len(b.Rows), err))
				continue
			}
			p.errMu.Lock()
			p.written += len(b.Rows)
			p.errMu.Unlock()
		}
	}
}

func (p *Pool) fail(err error) {
	p.errMu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.errMu.Unlock()
	if errors.Is(err, ErrDiskFull) {
		p.stop()
	}
}
