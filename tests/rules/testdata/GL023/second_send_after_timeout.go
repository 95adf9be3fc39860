// Unmount tries the quick way, reports its error and goes on to the forced way
// without a `return`. When it reads, the buffer of one takes the second value; when
// it gives up after a second, nothing reads, and the second send waits for ever.
package unmount

import (
	"errors"
	"time"
)

var errTimeout = errors.New("unmount timed out")

func quick(dir string) error {
	if dir == "" {
		return errors.New("busy")
	}
	return nil
}

func forced(dir string) error { return nil }

func Unmount(dir string) error {
	errc := make(chan error, 1)
	go func() {
		if err := quick(dir); err == nil {
			errc <- nil
		}
		errc <- forced(dir) // want "more values are sent on `errc` than `Unmount` receives and its buffer of 1 holds"
	}()
	select {
	case <-time.After(time.Second):
		return errTimeout
	case err := <-errc:
		return err
	}
}
