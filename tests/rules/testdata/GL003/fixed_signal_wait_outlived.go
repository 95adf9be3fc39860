package fixedsignalwaitoutlived

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

// Run executes args; an interrupt cancels the command instead of killing the process.
func (r *Runner) Run(args []string) error {
	if len(args) == 0 {
		return errors.New("no command")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-ctx.Done():
		}
	}()
	return r.exec(ctx, args)
}

func (r *Runner) exec(ctx context.Context, args []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.ran = append(r.ran, strings.Join(args, " "))
	return nil
}
