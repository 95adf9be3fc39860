package preflight

import (
	"context"
	"sort"
	"time"
)

// Runner executes checks concurrently.
type Runner struct {
	timeout time.Duration
}

// NewRunner returns a Runner giving each check at most timeout.
func NewRunner(timeout time.Duration) *Runner {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &Runner{timeout: timeout}
}

// Run executes all applicable checks for env and returns the report once
// every check finished or ctx is done.
func (r *Runner) Run(ctx context.Context, env Env, checks []Check) (Report, error) {
	results := make(chan Result)
	rep := Report{Env: env}
	launched := 0
	for _, c := range checks {
		if c.Applies != nil && !c.Applies(env) {
			rep.Results = append(rep.Results, Result{Check: c.Name, Status: Skipped})
			continue
		}
		launched++
		go func(c Check) {
			results <- runOne(ctx, c, env, r.timeout)
		}(c)
	}

	collected := make(chan []Result, 1)
	go func() {
		var got []Result
		for i := 0; i < launched; i++ {
			got = append(got, <-results)
		}
		collected <- got
	}()

	select {
	case got := <-collected:
		rep.Results = append(rep.Results, got...)
		sort.Slice(rep.Results, func(i, j int) bool { return rep.Results[i].Check < rep.Results[j].Check })
		return rep, nil
	case <-ctx.Done():
		return rep, ctx.Err()
	}
}
