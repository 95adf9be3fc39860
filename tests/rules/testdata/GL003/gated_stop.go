package gatedstop

import (
	"errors"
	"sync"
	"time"
)

// run: p := &Poller{}; _ = p.Start(func() error { return ErrRefused }); p.Stop()

// ErrRefused is what a refused connection reports.
var ErrRefused = errors.New("connection refused")

// Poller polls on a tick until Stop. Start reports a failed first connection;
// Stop is safe on a poller that is not running.
type Poller struct {
	mu      sync.Mutex
	running bool
	polls   int
	stop    chan struct{}
}

// Start begins polling, then checks the connection.
func (p *Poller) Start(connect func() error) error {
	p.mu.Lock()
	p.stop = make(chan struct{})
	p.mu.Unlock()
	go p.poll(p.stop)
	if err := connect(); err != nil {
		return err
	}
	p.mu.Lock()
	p.running = true
	p.mu.Unlock()
	return nil
}

func (p *Poller) poll(stop chan struct{}) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select { // want "goroutine `poll` blocks forever receiving from `stop` \\(`p.stop`\\) when `Start` returns at line 30 without setting `p.running`: `Stop` closes `p.stop` only once `p.running` is set"
		case <-t.C:
			p.mu.Lock()
			p.polls++
			p.mu.Unlock()
		case <-stop:
			return
		}
	}
}

// Stop ends polling; it does nothing on a poller that is not running.
func (p *Poller) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.running {
		return
	}
	p.running = false
	close(p.stop)
}
