package fixedskippedstop

import "errors"

// Poller publishes numbered samples until it is stopped; stopping twice, or a nil
// poller, is a no-op.
type Poller struct {
	samples chan int
	quit    chan struct{}
	next    int
	stopped bool
}

func NewPoller() *Poller {
	p := &Poller{samples: make(chan int, 2), quit: make(chan struct{})}
	go p.poll()
	return p
}

func (p *Poller) poll() {
	for {
		p.next++
		select {
		case p.samples <- p.next:
		case <-p.quit:
			return
		}
	}
}

var errSave = errors.New("poller: save failed")

// Stop stops polling first, then saves what was collected.
func (p *Poller) Stop(save func() error) error {
	if p == nil || p.stopped {
		return nil // never started, or already stopped
	}
	p.stopped = true
	close(p.quit)
	if err := save(); err != nil {
		return errSave
	}
	return nil
}
