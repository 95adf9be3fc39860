package picklist

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrEmpty is returned for a pick list without lines.
var ErrEmpty = errors.New("picklist: empty pick list")

type config struct {
	budget  time.Duration
	start   Location
	solvers []Solver
}

// Option tunes Optimize.
type Option func(*config)

// WithBudget bounds how long the solvers may run.
func WithBudget(d time.Duration) Option { return func(c *config) { c.budget = d } }

// WithStart sets where the picker starts and ends the walk (the pack station).
func WithStart(l Location) Option { return func(c *config) { c.start = l } }

// WithSolvers replaces the default heuristics.
func WithSolvers(s ...Solver) Option { return func(c *config) { c.solvers = s } }

// Optimize returns the shortest route any solver finds within the budget.
// When the budget runs out it returns the best route found so far.
func Optimize(ctx context.Context, lines []Line, opts ...Option) (Route, error) {
	if len(lines) == 0 {
		return Route{}, ErrEmpty
	}
	cfg := config{budget: 250 * time.Millisecond, solvers: []Solver{NearestNeighbor{}, SShape{}}}
	for _, o := range opts {
		o(&cfg)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.budget)
	defer cancel()

	var best Route
	var errs []error
	found := false
	results := race(ctx, cfg.start, lines, cfg.solvers)
	for {
		select {
		case o, ok := <-results:
			if !ok {
				return pick(best, found, errs)
			}
			if o.err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", o.solver, o.err))
				continue
			}
			if !found || o.route.Distance < best.Distance {
				best, found = o.route, true
				best.Solver = o.solver
			}
		case <-ctx.Done():
			if found {
				return best, nil
			}
			return Route{}, fmt.Errorf("picklist: no route within %v: %w", cfg.budget, ctx.Err())
		}
	}
}

func pick(best Route, found bool, errs []error) (Route, error) {
	if found {
		return best, nil
	}
	if len(errs) == 0 {
		return Route{}, errors.New("picklist: no solver supports this list")
	}
	return Route{}, fmt.Errorf("picklist: every solver failed: %w", errs[0])
}
