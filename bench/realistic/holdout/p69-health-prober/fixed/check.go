package health

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Status is the health of a single check or of the prober as a whole.
type Status int

const (
	// StatusUnknown means the check has not produced a result yet.
	StatusUnknown Status = iota
	// StatusHealthy means the check passed often enough in a row.
	StatusHealthy
	// StatusUnhealthy means the check failed often enough in a row.
	StatusUnhealthy
)

// String implements fmt.Stringer.
func (s Status) String() string {
	switch s {
	case StatusHealthy:
		return "healthy"
	case StatusUnhealthy:
		return "unhealthy"
	default:
		return "unknown"
	}
}

// ErrCheckPanicked is wrapped by the error recorded for a check whose
// Checker panicked.
var ErrCheckPanicked = errors.New("health: check panicked")

// Checker probes one dependency. Implementations must respect ctx.
type Checker interface {
	Check(ctx context.Context) error
}

// CheckerFunc adapts an ordinary function to the Checker interface.
type CheckerFunc func(ctx context.Context) error

// Check implements Checker.
func (f CheckerFunc) Check(ctx context.Context) error { return f(ctx) }

// Check describes a named health check and how often to run it.
type Check struct {
	// Name identifies the check in results and status changes.
	Name string
	// Checker performs the probe.
	Checker Checker
	// Interval between probes. Zero uses the prober default.
	Interval time.Duration
	// Timeout for a single probe. Zero uses the prober default.
	Timeout time.Duration
	// FailureThreshold is the number of consecutive failures needed to
	// report the check as unhealthy. Zero means 1.
	FailureThreshold int
	// SuccessThreshold is the number of consecutive successes needed to
	// report the check as healthy. Zero means 1.
	SuccessThreshold int
}

// StatusChange is delivered to listeners when a check changes status.
type StatusChange struct {
	Check string
	From  Status
	To    Status
	Err   error
	At    time.Time
}

// Listener receives status changes on the probing goroutine.
type Listener func(StatusChange)

// checkState is the prober's mutable bookkeeping for a registered check.
type checkState struct {
	check     Check
	status    Status
	lastErr   error
	successes int
	failures  int
	running   bool
}

// observe folds a probe outcome into the state and reports whether the
// status changed, and from what.
func (cs *checkState) observe(err error) (Status, bool) {
	cs.lastErr = err
	if err != nil {
		cs.failures++
		cs.successes = 0
	} else {
		cs.successes++
		cs.failures = 0
	}
	prev := cs.status
	switch {
	case err != nil && cs.failures >= cs.check.FailureThreshold:
		cs.status = StatusUnhealthy
	case err == nil && cs.successes >= cs.check.SuccessThreshold:
		cs.status = StatusHealthy
	}
	return prev, prev != cs.status
}

// runChecker calls the checker with a per-probe timeout and converts a
// panic into an error so one bad check cannot take the process down.
func runChecker(ctx context.Context, c Checker, timeout time.Duration) (err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCheckPanicked, r)
		}
	}()
	return c.Check(ctx)
}
