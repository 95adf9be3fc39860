// Unmount tries the quick way, reports its error and goes on to the forced way
// without a `return`: on that path the goroutine sends twice, Unmount reads once, and
// with no buffer the second send blocks for ever.
package unmountunbuffered

import "errors"

var errBusy = errors.New("busy")

func quick(dir string) error {
	if dir == "" {
		return errBusy
	}
	return nil
}

func forced(dir string) error { return nil }

func Unmount(dir string) error {
	errc := make(chan error)
	go func() {
		if err := quick(dir); err != nil {
			errc <- err // want "goes on after sending on `errc` here and sends again"
		}
		errc <- forced(dir)
	}()
	return <-errc
}
