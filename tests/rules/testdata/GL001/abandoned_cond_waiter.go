package abandonedcondwaiter

import (
	"context"
	"sync"
	"time"
)

// run: p := NewPrinter(); ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond); _ = p.AwaitPaper(ctx); cancel(); p.Close()

// warmUp is how long a printer takes to accept its first job.
var warmUp = 10 * time.Millisecond

// Printer holds jobs until paper is loaded.
type Printer struct {
	mu      sync.Mutex
	loaded  *sync.Cond
	paper   int
	stopped bool
}

// NewPrinter returns a printer with an empty tray.
func NewPrinter() *Printer {
	p := &Printer{}
	p.loaded = sync.NewCond(&p.mu)
	return p
}

// Load adds sheets and wakes whoever waits for paper.
func (p *Printer) Load(sheets int) {
	p.mu.Lock()
	p.paper += sheets
	p.mu.Unlock()
	p.loaded.Broadcast()
}

// AwaitPaper waits until the tray holds paper, or ctx is done.
func (p *Printer) AwaitPaper(ctx context.Context) error {
	ok := make(chan struct{})
	go func() {
		p.mu.Lock()
		for p.paper == 0 {
			p.loaded.Wait() // want "goroutine blocks in `p.loaded.Wait\(\)` once `AwaitPaper` gives up at line 52: it waits for `p.paper` to change, and `Close` neither changes it nor wakes the waiters"
		}
		p.mu.Unlock()
		close(ok)
	}()
	select {
	case <-ok:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close switches the printer off.
func (p *Printer) Close() {
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
}
