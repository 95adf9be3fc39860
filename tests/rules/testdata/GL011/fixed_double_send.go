package doublesend

import "errors"

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
			errc <- err
			return
		}
		_ = v
		errc <- nil
	}()
	return <-errc
}
