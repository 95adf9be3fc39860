package preflight

import (
	"context"
	"time"
)

// Env describes the deployment target.
type Env struct {
	Name    string
	Region  string
	Canary  bool
	Version string
}

// Check is one preflight verification.
type Check struct {
	Name string
	// Applies reports whether the check is relevant for env; nil means always.
	Applies func(env Env) bool
	Run     func(ctx context.Context, env Env) error
}

// Status of one check.
type Status string

const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// Result is the outcome of one check.
type Result struct {
	Check    string
	Status   Status
	Err      error
	Duration time.Duration
}

// Report is the outcome of a preflight run.
type Report struct {
	Env     Env
	Results []Result
}

// OK reports whether no check failed.
func (r Report) OK() bool {
	for _, res := range r.Results {
		if res.Status == Failed {
			return false
		}
	}
	return true
}

func runOne(ctx context.Context, c Check, env Env, timeout time.Duration) Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	err := c.Run(ctx, env)
	res := Result{Check: c.Name, Status: Passed, Duration: time.Since(start)}
	if err != nil {
		res.Status, res.Err = Failed, err
	}
	return res
}
