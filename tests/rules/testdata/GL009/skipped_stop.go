package skippedstop

import "errors"

// run: p := NewPoller(); _ = p.Stop(func() error { return errors.New("disk full") })

// ErrStopped is returned by a poller used after Stop.
var ErrStopped = errors.New("poller: stopped")

// Poller publishes numbered samples into a small queue until it is stopped.
type Poller struct {
	samples chan int
	quit    chan struct{}
	next    int
}

func NewPoller() *Poller {
	p := &Poller{samples: make(chan int, 2), quit: make(chan struct{})}
	go p.poll()
	return p
}

func (p *Poller) poll() {
	for {
		p.next++
		select { // want "goroutine `poll` never stops when `Stop` returns at line 37: the only way out of its loop is a receive from `Poller.quit`"
		case p.samples <- p.next:
		case <-p.quit:
			return
		}
	}
}

// Stop saves what was collected, then stops polling.
func (p *Poller) Stop(save func() error) error {
	if err := save(); err != nil {
		return err
	}
	close(p.quit)
	return nil
}
