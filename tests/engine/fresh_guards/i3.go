// False positive (redis main_test.go:214, GL003): the goroutine that waits on
// `exit` is the one that closes `done`, and it returns right after closing it.
// So the `return nil` after `<-done` is reached only once the goroutine has
// already exited; and its wait on `exit` also has a timer case, so it polls.
package fp

import (
	"errors"
	"time"
)

func retryUntil(fn func() error, timeout time.Duration) error {
	done := make(chan struct{})
	exit := make(chan struct{})

	go func() {
		for {
			if fn() == nil {
				close(done)
				return
			}
			select {
			case <-exit:
				return
			case <-time.After(timeout / 10):
			}
		}
	}()

	select {
	case <-done:
		return nil // the goroutine has already returned here
	case <-time.After(timeout):
		close(exit)
		return errors.New("timeout")
	}
}
