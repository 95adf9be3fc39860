package fixedsignalhandlerfortheprocess

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
)

// Runner runs one command per call, cancelled by Ctrl-C.
type Runner struct {
	ran []string
}

// Interrupted returns a context cancelled on the process's first interrupt: one
// handler for the life of the process, set up once by main.
func Interrupted() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		<-sigs
		cancel()
	}()
	return ctx
}

// Run executes args under ctx.
func (r *Runner) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("no command")
	}
	return r.exec(ctx, args)
}

func (r *Runner) exec(ctx context.Context, args []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.ran = append(r.ran, strings.Join(args, " "))
	return nil
}
