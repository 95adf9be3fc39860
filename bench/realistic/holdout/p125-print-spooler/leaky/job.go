package spooler

import (
	"context"
	"errors"
	"time"
)

// Errors reported by the spooler; compare with errors.Is.
var (
	ErrUnknownPrinter = errors.New("spooler: unknown printer")
	ErrPrinterExists  = errors.New("spooler: printer already registered")
	ErrUnknownJob     = errors.New("spooler: unknown job")
	ErrClosed         = errors.New("spooler: closed")
	ErrStuck          = errors.New("spooler: job stuck on printer")
	ErrPrinterRemoved = errors.New("spooler: printer removed")
)

// JobID identifies a print job within one Spooler.
type JobID string

// State is the lifecycle stage of a print job.
type State int

// Job states: Queued, then Printing, then one of the terminal states.
const (
	StateQueued State = iota
	StatePrinting
	StateDone
	StateFailed
	StateCanceled
)

// Terminal reports whether no further transitions can happen from s.
func (s State) Terminal() bool {
	return s == StateDone || s == StateFailed || s == StateCanceled
}

// Document is a rendered document ready to be sent to a printer.
type Document struct {
	Name  string
	Owner string
	Data  []byte
}

// Status is a point-in-time snapshot of a job.
type Status struct {
	ID       JobID
	Printer  string
	Document string
	State    State
	Err      error
	Started  time.Time
	Finished time.Time
}

// job is the spooler's mutable record of a print job. All fields after
// doc are guarded by Spooler.mu.
type job struct {
	id      JobID
	printer string
	doc     Document

	state    State
	err      error
	started  time.Time
	finished time.Time
	cancel   context.CancelFunc
	reason   error // why the job was canceled while printing
}

func (j *job) status() Status {
	return Status{
		ID:       j.id,
		Printer:  j.printer,
		Document: j.doc.Name,
		State:    j.state,
		Err:      j.err,
		Started:  j.started,
		Finished: j.finished,
	}
}
