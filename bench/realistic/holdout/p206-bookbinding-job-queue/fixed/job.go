package bindery

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Binding is the binding style ordered for a job.
type Binding string

// Binding styles supported by the shop floor.
const (
	PerfectBound Binding = "perfect"
	SaddleStitch Binding = "saddle"
	CaseBound    Binding = "case"
	CoilBound    Binding = "coil"
)

// Job is one binding order: a number of copies of a book made of folded
// signatures.
type Job struct {
	ID         string
	Title      string
	Binding    Binding
	Signatures int
	Copies     int
	Submitted  time.Time
}

// Validate checks that the order can physically be produced.
func (j Job) Validate() error {
	if j.ID == "" {
		return errors.New("bindery: job id is required")
	}
	if j.Copies <= 0 {
		return fmt.Errorf("bindery: job %s: copies must be positive", j.ID)
	}
	if j.Signatures <= 0 {
		return fmt.Errorf("bindery: job %s: at least one signature is required", j.ID)
	}
	switch j.Binding {
	case SaddleStitch:
		if j.Signatures > 4 {
			return fmt.Errorf("bindery: job %s: %d signatures is too thick to saddle stitch", j.ID, j.Signatures)
		}
	case PerfectBound, CaseBound:
		if j.Signatures < 3 {
			return fmt.Errorf("bindery: job %s: spine too thin for %s binding", j.ID, j.Binding)
		}
	case CoilBound:
	default:
		return fmt.Errorf("bindery: job %s: unknown binding %q", j.ID, j.Binding)
	}
	return nil
}

// Pages returns the page count, assuming 16-page signatures.
func (j Job) Pages() int { return j.Signatures * 16 }

// Binder drives one binding line. Implementations must honour ctx.
type Binder interface {
	Bind(ctx context.Context, job Job) error
}

// ErrJammed is returned by a Binder when the line jammed and the job may be
// retried after the operator clears it.
var ErrJammed = errors.New("bindery: binding line jammed")

// Result reports how a job ended.
type Result struct {
	JobID    string
	Attempts int
	Started  time.Time
	Finished time.Time
	Err      error
}

// Duration is the wall time spent on the job, retries included.
func (r Result) Duration() time.Duration { return r.Finished.Sub(r.Started) }
