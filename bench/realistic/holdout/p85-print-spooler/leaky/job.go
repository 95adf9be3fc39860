package spooler

import (
	"context"
	"fmt"
	"time"
)

// JobState describes where a print job is in its lifecycle.
type JobState int

const (
	// JobQueued means the job is waiting in its printer's queue.
	JobQueued JobState = iota
	// JobPrinting means the driver is currently rendering the job.
	JobPrinting
	// JobDone means the driver reported success.
	JobDone
	// JobFailed means the driver returned an error.
	JobFailed
	// JobCanceled means the job was canceled before it completed.
	JobCanceled
)

// String implements fmt.Stringer.
func (s JobState) String() string {
	switch s {
	case JobQueued:
		return "queued"
	case JobPrinting:
		return "printing"
	case JobDone:
		return "done"
	case JobFailed:
		return "failed"
	case JobCanceled:
		return "canceled"
	default:
		return fmt.Sprintf("JobState(%d)", int(s))
	}
}

// terminal reports whether no further transitions can happen from s.
func (s JobState) terminal() bool {
	return s == JobDone || s == JobFailed || s == JobCanceled
}

// Job is a document submitted for printing.
type Job struct {
	// ID is assigned by the spooler on submission.
	ID string
	// Printer is the name of the printer the job was submitted to.
	Printer string
	// Owner identifies the user who submitted the job.
	Owner string
	// Title is a human readable document name shown in status listings.
	Title string
	// Copies is the number of copies to print; zero means one.
	Copies int
	// Data is the rendered document in the printer's page description language.
	Data []byte
	// Submitted is the time the spooler accepted the job.
	Submitted time.Time
}

// Status is delivered to the StatusFunc every time a job changes state.
type Status struct {
	JobID   string
	Printer string
	State   JobState
	// Err is set for JobFailed and JobCanceled.
	Err error
	At  time.Time
}

// StatusFunc receives job status updates. It is called synchronously while
// the spooler holds internal locks, so it must return quickly and must not
// call back into the Spooler.
type StatusFunc func(Status)

// Driver renders jobs on a physical or virtual printer.
type Driver interface {
	// Print sends job to the device and returns once the device has
	// accepted it. Implementations must return promptly when ctx is done.
	Print(ctx context.Context, job *Job) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// jobEntry is the spooler's bookkeeping for a submitted job.
type jobEntry struct {
	job    Job
	state  JobState
	cancel context.CancelFunc // set while printing
}
