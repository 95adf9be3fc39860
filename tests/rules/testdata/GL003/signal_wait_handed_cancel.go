package signalwaithandedcancel

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// run: _ = Serve(io.Discard, 3)

// Serve handles n jobs, stopping early on SIGTERM.
func Serve(out io.Writer, n int) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopOnSignal(out, cancel)
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintf(out, "job %d\n", i)
	}
	return nil
}

// stopOnSignal cancels the jobs when the process is asked to stop.
func stopOnSignal(out io.Writer, cancel context.CancelFunc) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go func() {
		sig := <-sigs // want "goroutine blocks forever receiving from `sigs` when no signal comes"
		fmt.Fprintf(out, "%v: stopping\n", sig)
		cancel()
	}()
}
