package fixedendedbykey

import (
	"errors"
	"sync"
)

var errBusy = errors.New("line busy")

type batch struct {
	items  chan int
	failed bool
}

func (b *batch) tally() {
	n := 0
	for it := range b.items {
		n += it
	}
}

// Plant runs one batch per line; a failed batch may be begun again.
type Plant struct {
	mu    sync.Mutex
	lines map[string]*batch
}

func NewPlant() *Plant { return &Plant{lines: make(map[string]*batch)} }

// Begin starts a batch on line, replacing a failed one.
func (p *Plant) Begin(line string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.lines[line]; ok {
		if !old.failed {
			return errBusy
		}
		close(old.items)
	}
	b := &batch{items: make(chan int, 8)}
	p.lines[line] = b
	go b.tally()
	return nil
}

// Fail marks the line's batch failed.
func (p *Plant) Fail(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.lines[line]; ok {
		b.failed = true
	}
}

// End ends the line's batch.
func (p *Plant) End(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, ok := p.lines[line]
	if !ok {
		return
	}
	delete(p.lines, line)
	close(b.items)
}

// Close ends every line's batch, by its key.
func (p *Plant) Close() {
	p.mu.Lock()
	lines := make([]string, 0, len(p.lines))
	for line := range p.lines {
		lines = append(lines, line)
	}
	p.mu.Unlock()
	for _, line := range lines {
		p.End(line)
	}
}
