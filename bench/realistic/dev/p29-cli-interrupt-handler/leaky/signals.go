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
func (a *App) cancelOnInterrupt(cancel context.CancelFunc) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs // leak: a command that finishes on its own never sends a signal, and nothing else ends this wait
		fmt.Fprintf(a.Stderr, "\n%s: %v, stopping\n", a.Name, sig)
		cancel()
	}()
}
