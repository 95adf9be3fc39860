package fixedabandonedcondwaiter

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
		for p.paper == 0 && !p.stopped {
			p.loaded.Wait()
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
	p.loaded.Broadcast()
}

// Spool waits for paper through a method: a condition that calls something may turn
// true by what the stopping method does elsewhere (a cancelled context), and is not judged.
type Spool struct {
	mu     sync.Mutex
	ready  *sync.Cond
	ctx    context.Context
	cancel context.CancelFunc
	sheets int
}

// Await waits for a sheet or for ctx.
func (s *Spool) Await(ctx context.Context) error {
	ok := make(chan struct{})
	go func() {
		s.mu.Lock()
		for s.sheets == 0 && s.ctx.Err() == nil {
			s.ready.Wait()
		}
		s.mu.Unlock()
		close(ok)
	}()
	select {
	case <-ok:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close cancels the spool's context.
func (s *Spool) Close() { s.cancel() }
