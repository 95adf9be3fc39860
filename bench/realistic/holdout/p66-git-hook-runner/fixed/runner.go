// Package hooks runs the scripts configured for a Git hook (pre-commit,
// pre-push, ...) in parallel and streams their output with a per-script prefix.
package hooks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Script is one executable configured for a hook.
type Script struct {
	Name string
	Path string
	Args []string
}

// Result is the outcome of running one script.
type Result struct {
	Name     string
	ExitCode int
	Duration time.Duration
	Err      error
}

// Option configures a Runner.
type Option func(*Runner)

// WithParallelism caps how many scripts run at once.
func WithParallelism(n int) Option {
	return func(r *Runner) { r.parallel = n }
}

// WithTimeout bounds how long each script may run.
func WithTimeout(d time.Duration) Option {
	return func(r *Runner) { r.timeout = d }
}

// WithExecutor replaces the default os/exec based executor.
func WithExecutor(e Executor) Option {
	return func(r *Runner) { r.exec = e }
}

// Runner executes hook scripts.
type Runner struct {
	exec     Executor
	out      *lineWriter
	parallel int
	timeout  time.Duration
}

// NewRunner returns a Runner that writes script output to out.
func NewRunner(out io.Writer, opts ...Option) *Runner {
	r := &Runner{
		exec:     osExecutor{},
		out:      &lineWriter{dst: out},
		parallel: 4,
		timeout:  2 * time.Minute,
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Run executes every script of a hook and returns their results in the order
// given. The error is non-nil if any script failed, so that the caller can
// abort the Git operation.
func (r *Runner) Run(ctx context.Context, hook string, scripts []Script) ([]Result, error) {
	results := make([]Result, len(scripts))
	sem := make(chan struct{}, r.parallel)
	var wg sync.WaitGroup
	for i, s := range scripts {
		wg.Add(1)
		go func(i int, s Script) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = r.runOne(ctx, s)
		}(i, s)
	}
	wg.Wait()

	var first error
	failed := 0
	for _, res := range results {
		if res.Err != nil {
			if first == nil {
				first = res.Err
			}
			failed++
		}
	}
	if failed > 0 {
		return results, fmt.Errorf("%s hook: %d of %d scripts failed: %w", hook, failed, len(scripts), first)
	}
	return results, nil
}

func (r *Runner) runOne(ctx context.Context, s Script) Result {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()

	w, flushed := r.out.prefixed(s.Name)
	start := time.Now()
	err := r.exec.Exec(ctx, s.Path, s.Args, w)
	w.Close()
	flushed()
	res := Result{Name: s.Name, Duration: time.Since(start)}
	if err != nil {
		var exit *ExitError
		if !errors.As(err, &exit) {
			res.ExitCode = -1
			res.Err = fmt.Errorf("start %s: %w", s.Name, err)
			return res
		}
		res.ExitCode = exit.Code
		res.Err = fmt.Errorf("%s: %w", s.Name, err)
	}
	return res
}
