package fixedclosedflags

import "errors"

func dial() error { return errors.New("x") }
func read() error { return nil }

func both() error {
	a, b := make(chan error), make(chan error)
	go func() {
		defer close(a)
		if err := dial(); err != nil {
			a <- err
		}
	}()
	go func() {
		defer close(b)
		if err := read(); err != nil {
			b <- err
		}
	}()
	var aDone, bDone bool
	var first error
	for {
		if aDone && bDone {
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
