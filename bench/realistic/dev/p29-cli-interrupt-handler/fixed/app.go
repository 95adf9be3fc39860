// Package cli is the skeleton of a command-line tool: global flags, subcommands,
// a context that Ctrl-C cancels, and exit codes.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// ErrUsage marks an error caused by how the tool was called.
var ErrUsage = errors.New("usage")

// Command is one subcommand.
type Command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, args []string, stdout io.Writer) error
}

// App is the tool.
type App struct {
	Name     string
	Commands []Command
	Stdout   io.Writer
	Stderr   io.Writer
}

// Main runs the tool with args (without the program name) and returns the exit code.
func (a *App) Main(args []string) int {
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	timeout := fs.Duration("timeout", 0, "give up after this long (0: never)")
	if err := fs.Parse(args); err != nil {
		return ExitUsage
	}
	if fs.NArg() == 0 {
		a.usage()
		return ExitUsage
	}
	cmd, ok := a.lookup(fs.Arg(0))
	if !ok {
		fmt.Fprintf(a.Stderr, "%s: unknown command %q\n", a.Name, fs.Arg(0))
		a.usage()
		return ExitUsage
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if *timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeout(ctx, *timeout)
		defer stop()
	}
	a.cancelOnInterrupt(ctx, cancel)

	start := time.Now()
	err := cmd.Run(ctx, fs.Args()[1:], a.Stdout)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrUsage):
		fmt.Fprintf(a.Stderr, "%s %s: %v\n", a.Name, cmd.Name, err)
		return ExitUsage
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(a.Stderr, "%s %s: stopped after %s\n", a.Name, cmd.Name, time.Since(start).Round(time.Millisecond))
		return ExitFailure
	default:
		fmt.Fprintf(a.Stderr, "%s %s: %v\n", a.Name, cmd.Name, err)
		return ExitFailure
	}
}

func (a *App) lookup(name string) (Command, bool) {
	for _, c := range a.Commands {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}

func (a *App) usage() {
	fmt.Fprintf(a.Stderr, "usage: %s [-timeout d] <command> [args]\n\ncommands:\n", a.Name)
	for _, c := range a.Commands {
		fmt.Fprintf(a.Stderr, "  %-10s %s\n", c.Name, c.Summary)
	}
}
