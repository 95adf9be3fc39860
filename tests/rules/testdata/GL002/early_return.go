package early

import "errors"

// run: _ = Load("")

func prefetch() error { return nil }

func Load(path string) error {
	errc := make(chan error)
	go func() { errc <- prefetch() }() // want "goroutine blocks forever sending on `errc` when `Load` returns at line 13 before receiving from `errc`"
	if path == "" {
		return errors.New("empty path")
	}
	return <-errc
}
