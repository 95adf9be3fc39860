// The goroutine reports the command's failure only while the context is live; once
// the starter has given up on `<-ctx.Done()`, the context is done and nothing is
// sent (CHECKED_CONTEXT).
package pipe

import (
	"context"
	"os/exec"
)

func Run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	finished := make(chan error)
	go func() {
		defer close(finished)
		if err := cmd.Wait(); err != nil {
			if !cmd.ProcessState.Success() && ctx.Err() == nil {
				finished <- err
			}
		}
	}()
	select {
	case <-ctx.Done():
		return nil
	case err := <-finished:
		return err
	}
}
