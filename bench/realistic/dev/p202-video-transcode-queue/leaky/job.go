// Package transcode runs video transcoding jobs on a bounded pool of
// workers. Each job is split into stages, one external encoder process per
// output rendition, and progress parsed from the encoder's machine-readable
// progress output is reported as the job runs.
package transcode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// State is the lifecycle state of a job.
type State string

// Job states.
const (
	StateQueued   State = "queued"
	StateRunning  State = "running"
	StateDone     State = "done"
	StateFailed   State = "failed"
	StateCanceled State = "canceled"
)

// Errors returned by the queue.
var (
	ErrQueueFull = errors.New("transcode: queue full")
	ErrClosed    = errors.New("transcode: queue shut down")
	ErrInvalid   = errors.New("transcode: invalid job")
)

// Rendition is one output variant of a job.
type Rendition struct {
	Name         string // e.g. "720p"
	Width        int
	Height       int
	VideoBitrate int // kbit/s
	AudioBitrate int // kbit/s
}

// Job describes a source file and the renditions to produce from it.
type Job struct {
	ID         string
	Input      string
	OutputDir  string
	Duration   time.Duration // duration of the source, used for progress
	Renditions []Rendition
}

func (j *Job) validate() error {
	switch {
	case j.ID == "":
		return fmt.Errorf("%w: missing id", ErrInvalid)
	case j.Input == "":
		return fmt.Errorf("%w %s: missing input", ErrInvalid, j.ID)
	case len(j.Renditions) == 0:
		return fmt.Errorf("%w %s: no renditions", ErrInvalid, j.ID)
	}
	for _, r := range j.Renditions {
		if r.Width <= 0 || r.Height <= 0 || r.VideoBitrate <= 0 {
			return fmt.Errorf("%w %s: bad rendition %q", ErrInvalid, j.ID, r.Name)
		}
	}
	return nil
}

// Command is an external process invocation.
type Command struct {
	Path   string
	Args   []string
	Stderr io.Writer // the encoder writes progress here
}

// Process is a started external process.
type Process interface {
	// Wait blocks until the process exits. If the context passed to
	// Runner.Start is done, the process is killed and Wait returns an error.
	Wait() error
}

// Runner starts external processes. The production implementation wraps
// os/exec; tests substitute a fake.
type Runner interface {
	Start(ctx context.Context, cmd Command) (Process, error)
}

// Store persists job state transitions.
type Store interface {
	SetState(ctx context.Context, jobID string, st State, detail string) error
}
