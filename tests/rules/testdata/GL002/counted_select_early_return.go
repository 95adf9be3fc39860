package countedselectearly

import (
	"errors"
	"time"
)

// run: _ = Exchange(failing{})

type conn interface {
	Recv() error
	Send() error
}

type failing struct{}

func (failing) Recv() error { return errors.New("reset") }
func (failing) Send() error { time.Sleep(10 * time.Millisecond); return nil }

// Exchange returns on the first error from inside the counted loop: the other
// goroutine's value is never taken.
func Exchange(c conn) error {
	recvErr := make(chan error)
	go func() {
		recvErr <- c.Recv() // want "goroutine blocks forever sending on `recvErr`"
	}()
	sendErr := make(chan error)
	go func() {
		sendErr <- c.Send() // want "goroutine blocks forever sending on `sendErr`"
	}()
	for i := 0; i < 2; i++ {
		select {
		case err := <-recvErr:
			if err != nil {
				return err
			}
		case err := <-sendErr:
			if err != nil {
				return err
			}
		}
	}
	return nil
}
