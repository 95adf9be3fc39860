package oneclosedisenough

import "errors"

func dial() error { return errors.New("x") }
func read() error { return nil }

// both stops as soon as one side is done: the other may still be sending.
func both() error {
	a, b := make(chan error), make(chan error)
	go func() {
		defer close(a)
		if err := dial(); err != nil {
			a <- err // want "goroutine blocks forever sending on `a` when `both` returns at line 27 before receiving from `a`"
		}
	}()
	go func() {
		defer close(b)
		if err := read(); err != nil {
			b <- err // want "goroutine blocks forever sending on `b` when `both` returns at line 27 before receiving from `b`"
		}
	}()
	var aDone, bDone bool
	var first error
	for {
		if aDone || bDone {
			return first
		}
		select {
		case err, ok := <-a:
			aDone = !ok
			if err != nil && first == nil {
				first = err
			}
		case err, ok := <-b:
			bDone = !ok
			if err != nil && first == nil {
				first = err
			}
		}
	}
}
