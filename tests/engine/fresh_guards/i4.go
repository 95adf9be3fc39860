// False positive (hugo dynacache.go:447/449, GL023): one goroutine sends exactly
// once, from a deferred closure, on one of two channels with a buffer of 1. The
// buffer always holds that single value, so the goroutine can exit even when
// the caller times out and never receives.
package fp

import (
	"errors"
	"fmt"
	"time"
)

func withTimeout(d time.Duration, f func() (int, error)) (int, error) {
	resc := make(chan int, 1)
	errc := make(chan error, 1)
	go func() {
		var v int
		var err error
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
			if err != nil {
				errc <- err
			} else {
				resc <- v
			}
		}()
		v, err = f()
	}()
	select {
	case v := <-resc:
		return v, nil
	case err := <-errc:
		return 0, err
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}
