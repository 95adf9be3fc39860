// Each select waits on two channels, one of them put to use before the other is
// made: the first is registered with signal.Notify (the runtime sends on it), the
// other is closed by a goroutine started before the second make. Counting the pair
// from the last make would miss that use (UNTOUCHED_BEFORE_THE_LAST).
package watch

import (
	"errors"
	"os"
	"os/signal"
)

func UntilInterrupt(run func(chan<- error)) error {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	defer signal.Stop(stop)
	exit := make(chan error, 1)
	go run(exit)
	select {
	case <-stop:
		return errors.New("interrupted")
	case err := <-exit:
		return err
	}
}

func UntilDone(work func() error) error {
	done := make(chan struct{})
	go func() {
		_ = work()
		close(done)
	}()
	failed := make(chan error, 1)
	select {
	case <-done:
		return nil
	case err := <-failed:
		return err
	}
}
