package fixedsentaslastact

import (
	"errors"
	"time"
)

// The poller sends its result only as its last act: once `waitReady` has received
// it, the poller has returned, and nothing is left waiting on `stop`.
func waitReady(check func() (bool, error), next func() <-chan time.Time) error {
	ready := make(chan struct{})
	failed := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		for {
			ok, err := check()
			if err != nil {
				failed <- err
				return
			}
			if ok {
				close(ready)
				return
			}
			select {
			case <-stop:
				return
			case <-next():
			}
		}
	}()
	select {
	case <-ready:
		return nil
	case err := <-failed:
		return err
	case <-time.After(time.Minute):
		close(stop)
		return errors.New("not ready in time")
	}
}
