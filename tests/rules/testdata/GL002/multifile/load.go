package multifile

import "errors"

// run: _ = Load("")

func Load(name string) error {
	errc := make(chan error)
	go warm(errc) // want "goroutine `warm` blocks forever sending on `out` \\(`errc`\\) when `Load` returns at line 11 before receiving from `errc`"
	if name == "" {
		return errors.New("no name")
	}
	return <-errc
}
