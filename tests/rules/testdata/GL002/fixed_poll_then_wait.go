package fixedpollthenwait

import (
	"errors"
	"time"
)

func work() error { return errors.New("x") }

// poll looks for the result n times, then waits for it: the case that receives
// returns with nothing left pending.
func poll(n int) error {
	done := make(chan error)
	go func() {
		done <- work()
	}()
	for i := 0; i < n; i++ {
		select {
		case err := <-done:
			return err
		default:
			time.Sleep(time.Millisecond)
		}
	}
	return <-done
}
