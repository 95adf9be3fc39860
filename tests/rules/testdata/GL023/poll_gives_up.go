package pollgivesup

import (
	"errors"
	"time"
)

func work() error { return errors.New("x") }

// poll looks for the result n times, then gives up: the worker is left sending.
func poll(n int) error {
	done := make(chan error)
	go func() {
		done <- work() // want "goroutine blocks forever sending on `done`: more values are sent on `done` than `poll` receives"
	}()
	for i := 0; i < n; i++ {
		select {
		case err := <-done:
			return err
		default:
			time.Sleep(time.Millisecond)
		}
	}
	return errors.New("gave up")
}
