// Package dirsum implements the dirsum command, which walks a directory tree
// and prints a SHA-256 checksum for every file in the format of sha256sum.
package dirsum

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
)

// Run executes the command with the given arguments and returns its exit
// status. It is called by main with os.Args[1:].
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("dirsum", flag.ContinueOnError)
	fl.SetOutput(stderr)
	jobs := fl.Int("j", runtime.NumCPU(), "number of files hashed in parallel")
	every := fl.Duration("progress", 0, "report progress on stderr at this interval (0 disables)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: dirsum [-j N] [-progress D] DIR")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	if err := run(ctx, fl.Arg(0), *jobs, *every, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "dirsum: %v\n", err)
		return 1
	}
	return 0
}

func run(ctx context.Context, root string, jobs int, every time.Duration, stdout, stderr io.Writer) error {
	opts := []Option{WithWorkers(jobs)}
	var rep *reporter
	if every > 0 {
		rep = startReporter(stderr, every)
		opts = append(opts, WithProgress(rep.Add))
	}

	sums, err := Sum(ctx, os.DirFS(root), opts...)
	if rep != nil {
		rep.Stop()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", root, err)
	}

	for _, s := range sums {
		if _, err := fmt.Fprintf(stdout, "%x  %s\n", s.Digest, s.Path); err != nil {
			return err
		}
	}
	return nil
}
