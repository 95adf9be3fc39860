package fresh

import (
	"errors"
	"time"
)

var errExitedJ18 = errors.New("callback exited")

// The deferred fallback sends only when the body never reached `delivered = true`
// (the callback panicked or called runtime.Goexit): one send in all, into a buffer
// of one (FALLBACK_SEND).
func runJ18(work func() error, stop <-chan struct{}) error {
	res := make(chan error, 1)
	go func() {
		delivered := false
		defer func() {
			if !delivered {
				res <- errExitedJ18
			}
		}()
		res <- work()
		delivered = true
	}()
	select {
	case err := <-res:
		return err
	case <-stop:
		return nil
	}
}

func serveJ18(handle func() error, limit time.Duration) error {
	out := make(chan error, 1)
	go func() {
		var ok bool
		defer func() {
			if !ok {
				out <- errExitedJ18
			}
		}()
		out <- handle()
		ok = true
	}()
	select {
	case err := <-out:
		return err
	case <-time.After(limit):
		return nil
	}
}
