package early

import "errors"

// run: _ = Run(true)

func Run(fail bool) error {
	done := make(chan struct{})
	go func() {
		<-done // want "goroutine blocks forever receiving from `done` when `Run` returns at line 13 without sending on or closing `done`"
	}()
	if fail {
		return errors.New("failed")
	}
	close(done)
	return nil
}
