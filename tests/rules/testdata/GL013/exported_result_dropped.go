package term

import "errors"

type Status struct{ Code int }

// Wait reports the exit status on the first channel, or an error on the second.
func Wait(id string) (<-chan Status, <-chan error) {
	statusC := make(chan Status)
	errC := make(chan error, 1)
	go func() {
		if id == "" {
			errC <- errors.New("no id")
			return
		}
		statusC <- Status{Code: 0} // want "goroutine blocks forever sending on `statusC` if the caller of `Wait` never receives the result"
	}()
	return statusC, errC
}

// Check only wants to know that waiting works: it drops the status channel, and a
// status sent on it is never taken.
func Check(id string) error {
	_, errC := Wait(id)
	select {
	case err := <-errC:
		return err
	default:
		return nil
	}
}
