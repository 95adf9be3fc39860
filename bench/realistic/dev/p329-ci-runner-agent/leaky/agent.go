// Package agent implements a CI runner agent. The agent polls a coordinator
// for jobs, executes each job's steps with per-step timeouts and streams the
// output of every step to a log service while the step is still running.
package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// ErrNoJob is returned by Coordinator.Poll when no job is queued for the agent.
var ErrNoJob = errors.New("agent: no job available")

// Job is a unit of work handed out by the coordinator.
type Job struct {
	ID    string
	Repo  string
	Ref   string
	Steps []Step
	// Env is passed to every step.
	Env map[string]string
	// Secrets are passed to every step like Env, but their values are
	// masked in the streamed logs.
	Secrets map[string]string
}

// Step is a single command of a job.
type Step struct {
	Name    string
	Command []string
	// Timeout bounds the run time of the step. Zero means the agent default.
	Timeout time.Duration
	// AllowFailure lets the job continue when this step does not succeed.
	AllowFailure bool
}

// Coordinator is the CI server the agent takes work from.
type Coordinator interface {
	// Poll returns the next job for the agent, or ErrNoJob.
	Poll(ctx context.Context, agentID string) (*Job, error)
	// Complete reports the final result of a job.
	Complete(ctx context.Context, res JobResult) error
}

// Executor runs one step and writes its combined output to out. A non-nil
// error means the step could not be run to completion (it failed to start,
// or ctx ended); a step that ran and failed reports a non-zero exit code.
type Executor interface {
	Run(ctx context.Context, step Step, env map[string]string, out io.Writer) (exitCode int, err error)
}

// LogSink stores step output. Chunks of one step are numbered from zero.
type LogSink interface {
	Append(ctx context.Context, jobID, step string, seq int, chunk []byte) error
}

// Option configures an Agent.
type Option func(*Agent)

// WithPollInterval sets how long the agent waits between polls of an empty
// queue. Failed polls back off exponentially up to 16 times this interval.
func WithPollInterval(d time.Duration) Option {
	return func(a *Agent) { a.pollInterval = d }
}

// WithStepTimeout sets the timeout for steps that do not specify one.
func WithStepTimeout(d time.Duration) Option {
	return func(a *Agent) { a.stepTimeout = d }
}

// WithLogChunkSize sets the maximum size of a log chunk sent to the sink.
func WithLogChunkSize(n int) Option {
	return func(a *Agent) { a.chunkSize = n }
}

// WithLogger sets the logger used for agent diagnostics.
func WithLogger(l *log.Logger) Option {
	return func(a *Agent) { a.logger = l }
}

// Agent runs jobs from a coordinator. An Agent runs one job at a time.
type Agent struct {
	id    string
	coord Coordinator
	exec  Executor
	logs  LogSink

	pollInterval time.Duration
	stepTimeout  time.Duration
	chunkSize    int
	logger       *log.Logger
}

// New returns an agent identified to the coordinator as id.
func New(id string, coord Coordinator, exec Executor, logs LogSink, opts ...Option) (*Agent, error) {
	if id == "" {
		return nil, errors.New("agent: empty agent id")
	}
	if coord == nil || exec == nil || logs == nil {
		return nil, errors.New("agent: coordinator, executor and log sink are required")
	}
	a := &Agent{
		id:           id,
		coord:        coord,
		exec:         exec,
		logs:         logs,
		pollInterval: 5 * time.Second,
		stepTimeout:  30 * time.Minute,
		chunkSize:    32 << 10,
	}
	for _, opt := range opts {
		opt(a)
	}
	if a.pollInterval <= 0 || a.stepTimeout <= 0 || a.chunkSize <= 0 {
		return nil, errors.New("agent: poll interval, step timeout and chunk size must be positive")
	}
	return a, nil
}

// Run polls for and runs jobs until ctx is cancelled.
func (a *Agent) Run(ctx context.Context) error {
	wait := a.pollInterval
	for {
		ran, err := a.RunOnce(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case err != nil:
			a.logf("%v", err)
			if wait < 16*a.pollInterval {
				wait *= 2
			}
		case ran:
			wait = a.pollInterval
			continue
		default:
			wait = a.pollInterval
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// RunOnce polls the coordinator once and, if a job is available, runs it
// and reports its result. It reports whether a job was run.
func (a *Agent) RunOnce(ctx context.Context) (bool, error) {
	job, err := a.coord.Poll(ctx, a.id)
	if errors.Is(err, ErrNoJob) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("agent: poll for job: %w", err)
	}
	res := a.runJob(ctx, job)
	if err := a.coord.Complete(ctx, res); err != nil {
		return true, fmt.Errorf("agent: complete job %s: %w", job.ID, err)
	}
	return true, nil
}

func (a *Agent) logf(format string, args ...interface{}) {
	if a.logger != nil {
		a.logger.Printf(format, args...)
	}
}
