package poller

import (
	"errors"
	"time"
)

// run: _ = Watch("", func(string) error { return nil })

var errNoTarget = errors.New("no target")

// Poller runs check on every tick until it is closed.
type Poller struct {
	check func() error
	done  chan struct{}
}

// NewPoller starts polling check.
func NewPoller(check func() error) *Poller {
	p := &Poller{check: check, done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			_ = p.check()
		}
	}
}

// Close stops the poller.
func (p *Poller) Close() { close(p.done) }

// Watch polls target while it reports its first state.
func Watch(target string, report func(string) error) error {
	p := NewPoller(func() error { return report(target) }) // want "`NewPoller` starts goroutine `loop`, which runs until `Close` stops it; `Watch` returns at line 45 before the `defer` at line 47 that calls `p.Close\(\)`, so on that path nothing stops it"
	if target == "" {
		return errNoTarget
	}
	defer p.Close()
	return report(target)
}
