package ice

import (
	"errors"
	"time"
)

type Gatherer struct {
	name   string
	done   chan struct{}
	probes chan int
}

func NewGatherer(name string) *Gatherer {
	g := &Gatherer{name: name, done: make(chan struct{}), probes: make(chan int)}
	go g.gather()
	return g
}

// validate refuses for a reason of its own, not because the gatherer stopped.
func (g *Gatherer) validate() error {
	if g.name == "" {
		return errors.New("unnamed gatherer")
	}
	return nil
}

func (g *Gatherer) gather() {
	for {
		select {
		case <-time.After(time.Second):
			select { // want "goroutine `gather` never stops when `Close` returns at line 45"
			case g.probes <- 1:
			case <-g.done:
			}
		case <-g.done:
			return
		}
	}
}

// Close refuses an unnamed gatherer, whose loop then runs on.
func (g *Gatherer) Close() error {
	if err := g.validate(); err != nil {
		return err
	}
	close(g.done)
	return nil
}
