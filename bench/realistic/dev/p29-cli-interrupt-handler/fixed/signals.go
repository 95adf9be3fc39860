package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// cancelOnInterrupt makes Ctrl-C or SIGTERM cancel the running command, so it can
// clean up, instead of killing the process outright.
func (a *App) cancelOnInterrupt(ctx context.Context, cancel context.CancelFunc) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		defer signal.Stop(sigs)
		select {
		case sig := <-sigs:
			fmt.Fprintf(a.Stderr, "\n%s: %v, stopping\n", a.Name, sig)
			cancel()
		case <-ctx.Done():
		}
	}()
}
