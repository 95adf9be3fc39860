package doublesend

import "errors"

// run: _ = Run(true)

func step(fail bool) (int, error) {
	if fail {
		return 0, errors.New("step failed")
	}
	return 1, nil
}

func Run(fail bool) error {
	errc := make(chan error)
	go func() {
		v, err := step(fail)
		if err != nil {
			errc <- err // want "goroutine goes on after sending on `errc` here and sends again at line 22, but `Run` receives only once: the second send blocks forever \\(missing `return`\\?\\)"
		}
		_ = v
		errc <- nil
	}()
	return <-errc
}
