package buildcache

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// Executor runs an action in a sandbox. An error means the action could not
// be run at all; a failing compile is a Result with a non-zero ExitCode.
type Executor interface {
	Run(ctx context.Context, a Action) (Result, error)
}

// Store keeps results of successful actions.
type Store interface {
	Get(key string) (Result, bool)
	Put(key string, r Result)
}

// ErrEmptyAction is returned for an action without a command line.
var ErrEmptyAction = errors.New("buildcache: empty action")

// Stats counts how requests were served.
type Stats struct {
	Hits, Executed, Deduplicated int64
}

// Daemon serves Execute requests from the store, from an execution already
// in flight, or by running the action.
type Daemon struct {
	exec    Executor
	store   Store
	flights *flights

	hits, executed, deduplicated atomic.Int64
}

// New returns a Daemon that runs actions with exec and keeps results in store.
func New(exec Executor, store Store) *Daemon {
	return &Daemon{exec: exec, store: store, flights: newFlights()}
}

// Stats returns the request counters.
func (d *Daemon) Stats() Stats {
	return Stats{
		Hits:         d.hits.Load(),
		Executed:     d.executed.Load(),
		Deduplicated: d.deduplicated.Load(),
	}
}

// Execute returns the result of a, running it only if no identical action
// has a stored result or is already running.
func (d *Daemon) Execute(ctx context.Context, a Action) (Result, error) {
	if len(a.Argv) == 0 {
		return Result{}, ErrEmptyAction
	}
	key := a.Key()
	if res, ok := d.store.Get(key); ok {
		d.hits.Add(1)
		return res, nil
	}
	c, leader := d.flights.join(key)
	if !leader {
		d.deduplicated.Add(1)
		return d.flights.wait(c)
	}

	d.executed.Add(1)
	res, err := d.exec.Run(ctx, a)
	if err != nil {
		d.flights.finish(key, c, Result{}, err)
		return Result{}, fmt.Errorf("buildcache: run %s (%s): %w", a.Argv[0], key[:12], err)
	}
	if res.ExitCode == 0 {
		d.store.Put(key, res)
	}
	d.flights.finish(key, c, res, nil)
	return res, nil
}
