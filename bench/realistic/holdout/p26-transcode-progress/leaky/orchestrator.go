// Package transcode runs transcoding jobs on worker processes and reports their
// progress as the workers print it.
package transcode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Job describes one rendition to produce.
type Job struct {
	ID      string
	Source  string
	Preset  string // e.g. "1080p-h264"
	Seconds float64
}

// Process is a running transcoder. Run writes the worker's progress lines to
// stdout and returns when the worker exits.
type Process interface {
	Run(ctx context.Context, job Job, stdout io.Writer) error
}

// Launcher starts a transcoder process for a job.
type Launcher func(job Job) (Process, error)

// Orchestrator runs jobs and forwards progress.
type Orchestrator struct {
	launch  Launcher
	timeout time.Duration
}

// Option configures an Orchestrator.
type Option func(*Orchestrator)

// WithJobTimeout bounds how long one job may run.
func WithJobTimeout(d time.Duration) Option {
	return func(o *Orchestrator) { o.timeout = d }
}

// NewOrchestrator returns an Orchestrator that starts workers with launch.
func NewOrchestrator(launch Launcher, opts ...Option) *Orchestrator {
	o := &Orchestrator{launch: launch, timeout: 30 * time.Minute}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// ExitError reports a worker that ended unsuccessfully.
type ExitError struct {
	Code   int
	Reason string
}

func (e *ExitError) Error() string {
	return fmt.Sprintf("worker exited with status %d: %s", e.Code, e.Reason)
}

// Transcode runs job to completion, calling onProgress for every progress update
// the worker prints. onProgress is called from a single goroutine.
func (o *Orchestrator) Transcode(ctx context.Context, job Job, onProgress func(Progress)) error {
	proc, err := o.launch(job)
	if err != nil {
		return fmt.Errorf("job %s: launch: %w", job.ID, err)
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()

	pr, pw := io.Pipe()
	watched := watchProgress(pr, job.Seconds, onProgress)

	if err := proc.Run(ctx, job, pw); err != nil {
		var exit *ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("job %s: %s: %w", job.ID, job.Preset, err)
		}
		return fmt.Errorf("job %s: run: %w", job.ID, err)
	}
	pw.Close()
	if err := <-watched; err != nil {
		return fmt.Errorf("job %s: reading progress: %w", job.ID, err)
	}
	return nil
}
