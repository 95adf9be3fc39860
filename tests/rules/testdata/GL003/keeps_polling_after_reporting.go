package keepspollingafterreporting

import (
	"errors"
	"time"
)

// run: _ = waitReady(func() (bool, error) { return false, errors.New("probe failed") }, func() <-chan time.Time { return time.After(time.Millisecond) })

// The poller reports a failed probe and polls on: receiving the report does not
// mean it has returned, and nothing closes `stop` on that way out.
func waitReady(check func() (bool, error), next func() <-chan time.Time) error {
	ready := make(chan struct{})
	failed := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		for {
			ok, err := check()
			if err != nil {
				failed <- err
			}
			if ok {
				close(ready)
				return
			}
			select { // want "goroutine blocks forever receiving from `stop` when `waitReady` returns at line 37 without closing `stop`"
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
