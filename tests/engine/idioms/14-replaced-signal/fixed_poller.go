package fixed_poller

import (
	"sync"
	"sync/atomic"
	"time"
)

// run: p := NewPoller(func() {}, time.Hour); p.SetInterval(time.Minute); p.Close()

// Poller calls its probe at an interval that can change while it runs.
type Poller struct {
	probe func()
	polls atomic.Int64

	mu   sync.Mutex
	quit chan struct{}
}

// NewPoller starts polling every interval.
func NewPoller(probe func(), interval time.Duration) *Poller {
	p := &Poller{probe: probe}
	p.SetInterval(interval)
	return p
}

// SetInterval restarts polling at the new interval.
func (p *Poller) SetInterval(interval time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quit != nil {
		close(p.quit) // the loop at the old interval
	}
	p.quit = make(chan struct{})
	go p.loop(interval, p.quit)
}

func (p *Poller) loop(interval time.Duration, quit <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-quit:
			return
		case <-t.C:
			p.probe()
			p.polls.Add(1)
		}
	}
}

// Close stops polling.
func (p *Poller) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.quit)
}
