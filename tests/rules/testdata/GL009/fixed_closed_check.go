package ice

import (
	"errors"
	"time"
)

var errClosed = errors.New("agent closed")

type Agent struct {
	done   chan struct{}
	checks chan int
}

func NewAgent() *Agent {
	a := &Agent{done: make(chan struct{}), checks: make(chan int)}
	go a.connectivityChecks()
	return a
}

// ok reports an error only once done has been closed (ERROR_MEANS_CLOSED).
func (a *Agent) ok() error {
	select {
	case <-a.done:
		return errClosed
	default:
	}
	return nil
}

func (a *Agent) connectivityChecks() {
	for {
		select {
		case <-time.After(time.Second):
			a.ping()
		case <-a.done:
			return
		}
	}
}

func (a *Agent) ping() {
	select {
	case a.checks <- 1:
	case <-a.done:
	}
}

// Close returns early only when done is already closed: the loop was told then.
func (a *Agent) Close() error {
	if err := a.ok(); err != nil {
		return err
	}
	close(a.done)
	return nil
}
