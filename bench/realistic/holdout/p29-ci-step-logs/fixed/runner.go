// Package ci runs the steps of a build pipeline one after another and streams
// each step's output, line by line, to a log sink while the step is running.
package ci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrStepFailed is wrapped by the error Run returns when a step fails.
var ErrStepFailed = errors.New("ci: step failed")

// Step is one unit of work in a pipeline. Exec writes the step's output to out
// and returns when the step has finished or ctx is done.
type Step struct {
	Name string
	Exec func(ctx context.Context, out io.Writer) error
}

// Result records how a single step ended.
type Result struct {
	Step     string
	Duration time.Duration
	Lines    int
	Err      error
}

// Option configures a Runner.
type Option func(*Runner)

// WithStepTimeout bounds how long any one step may run.
func WithStepTimeout(d time.Duration) Option {
	return func(r *Runner) { r.stepTimeout = d }
}

// WithSink sends step output to s instead of discarding it.
func WithSink(s Sink) Option {
	return func(r *Runner) { r.sink = s }
}

// WithKeepGoing makes Run continue with the next step after a failure.
func WithKeepGoing() Option {
	return func(r *Runner) { r.keepGoing = true }
}

// Runner executes pipelines. The zero value is not usable; call NewRunner.
type Runner struct {
	sink        Sink
	stepTimeout time.Duration
	keepGoing   bool
}

// NewRunner returns a Runner with a ten minute step timeout and no log sink.
func NewRunner(opts ...Option) *Runner {
	r := &Runner{sink: discard{}, stepTimeout: 10 * time.Minute}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Run executes steps in order. It stops at the first failing step unless the
// runner was built WithKeepGoing, and it stops when ctx is cancelled. The
// results of the steps that ran are returned in every case.
func (r *Runner) Run(ctx context.Context, steps []Step) ([]Result, error) {
	results := make([]Result, 0, len(steps))
	var failed error
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return results, fmt.Errorf("ci: pipeline cancelled before %q: %w", s.Name, err)
		}
		res := r.runStep(ctx, s)
		results = append(results, res)
		if res.Err == nil {
			continue
		}
		if ctx.Err() != nil {
			return results, fmt.Errorf("ci: pipeline cancelled during %q: %w", s.Name, res.Err)
		}
		if failed == nil {
			failed = fmt.Errorf("%w: %q: %v", ErrStepFailed, s.Name, res.Err)
		}
		if !r.keepGoing {
			break
		}
	}
	return results, failed
}

// runStep runs one step with its output connected to the sink through a pipe.
func (r *Runner) runStep(parent context.Context, s Step) Result {
	ctx, cancel := context.WithTimeout(parent, r.stepTimeout)
	defer cancel()

	start := time.Now()
	pr, pw := io.Pipe()
	lines := make(chan int, 1)
	go func() { lines <- streamLines(s.Name, pr, r.sink) }()

	execErr := s.Exec(ctx, pw)
	if ctx.Err() != nil {
		// Whatever the step reported, its output is incomplete and the
		// deadline or the caller's cancellation is the real cause.
		pw.CloseWithError(ctx.Err())
		return Result{Step: s.Name, Duration: time.Since(start), Err: fmt.Errorf("step %q stopped: %w", s.Name, ctx.Err())}
	}
	pw.CloseWithError(execErr)
	n := <-lines
	return Result{Step: s.Name, Duration: time.Since(start), Lines: n, Err: execErr}
}
