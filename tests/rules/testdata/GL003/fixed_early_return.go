package early

import "errors"

func Run(fail bool) error {
	done := make(chan struct{})
	defer close(done)
	go func() {
		<-done
	}()
	if fail {
		return errors.New("failed")
	}
	return nil
}
