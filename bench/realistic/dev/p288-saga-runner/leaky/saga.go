// Package saga runs distributed transactions as sequences of stages whose
// steps each have a compensating action. When a step fails, every step that
// already completed is compensated in reverse order.
package saga

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Action is the forward or compensating half of a step. Data is shared by all
// steps of one saga execution; steps running in the same stage must only
// touch their own keys.
type Action func(ctx context.Context, data *Data) error

// Step is one participant call in a saga, e.g. "reserve inventory".
type Step struct {
	Name       string
	Do         Action
	Compensate Action // may be nil for steps with no side effects
}

// Definition describes a saga. Stages run in order; the steps within a stage
// run concurrently.
type Definition struct {
	Name   string
	Stages [][]Step
}

// Validate checks the definition for obvious mistakes.
func (d Definition) Validate() error {
	seen := make(map[string]bool)
	for i, stage := range d.Stages {
		if len(stage) == 0 {
			return fmt.Errorf("%w: stage %d is empty", ErrInvalidDefinition, i)
		}
		for _, s := range stage {
			if s.Name == "" || s.Do == nil {
				return fmt.Errorf("%w: stage %d has a step without a name or action", ErrInvalidDefinition, i)
			}
			if seen[s.Name] {
				return fmt.Errorf("%w: duplicate step %q", ErrInvalidDefinition, s.Name)
			}
			seen[s.Name] = true
		}
	}
	return nil
}

// Status of a step as written to the journal.
type Status string

// Journal statuses.
const (
	StatusStarted     Status = "started"
	StatusCompleted   Status = "completed"
	StatusFailed      Status = "failed"
	StatusCompensated Status = "compensated"
)

// Entry is one journal record.
type Entry struct {
	SagaID string
	Step   string
	Status Status
	At     time.Time
	Err    string
}

// Journal durably records saga progress so a crashed coordinator can resume
// or compensate.
type Journal interface {
	Append(ctx context.Context, e Entry) error
}

// Errors reported by the runner.
var (
	ErrInvalidDefinition = errors.New("invalid saga definition")
	ErrStepPanicked      = errors.New("saga step panicked")
	ErrStageTimeout      = errors.New("saga stage timed out")
)

// Error is returned by Run when a saga fails. It records the step that
// failed and any compensation that could not be applied.
type Error struct {
	SagaID          string
	Step            string
	Err             error
	Compensated     []string
	CompensationErr map[string]error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("saga %s: step %s: %v", e.SagaID, e.Step, e.Err)
	if len(e.CompensationErr) > 0 {
		failed := make([]string, 0, len(e.CompensationErr))
		for name := range e.CompensationErr {
			failed = append(failed, name)
		}
		msg += fmt.Sprintf(" (compensation failed for %s)", strings.Join(failed, ", "))
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }
