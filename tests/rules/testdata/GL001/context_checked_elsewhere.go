// The goroutine checks the parent's context, but the starter gives up on its own
// derived one: after a timeout the parent is still live, the failure is sent, and
// nobody receives it.
package pipe

import (
	"context"
	"os/exec"
	"time"
)

func Run(ctx context.Context, name string, args ...string) error {
	run, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(run, name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	finished := make(chan error)
	go func() {
		defer close(finished)
		if err := cmd.Wait(); err != nil {
			if !cmd.ProcessState.Success() && ctx.Err() == nil {
				finished <- err // want "blocks forever sending on `finished` when `<-run.Done\\(\\)` wins the select"
			}
		}
	}()
	select {
	case <-run.Done():
		return nil
	case err := <-finished:
		return err
	}
}
