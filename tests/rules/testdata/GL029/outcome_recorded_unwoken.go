package buildgraph

import (
	"errors"
	"sync"
	"time"
)

// run: _ = Build(map[string][]string{"app": {"lib"}, "lib": nil}, func(name string) error { if name == "lib" { time.Sleep(20 * time.Millisecond); return errors.New("compile error") }; return nil })

// ErrBroken is the outcome of a target one of whose dependencies failed.
var ErrBroken = errors.New("a dependency failed")

// graph tracks which targets are built and which failed.
type graph struct {
	mu     sync.Mutex
	cond   *sync.Cond
	built  map[string]bool
	broken map[string]error
	took   map[string]time.Duration
}

// ready reports whether every dependency has an outcome, and the first that failed.
func (g *graph) ready(deps []string) (bool, error) {
	for _, d := range deps {
		if err, bad := g.broken[d]; bad {
			return true, err
		}
		if !g.built[d] {
			return false, nil
		}
	}
	return true, nil
}

// finish records the outcome of name and wakes the targets waiting for it.
func (g *graph) finish(name string, err error) {
	if err != nil {
		g.broken[name] = err
		return
	}
	g.built[name] = true
	g.cond.Broadcast()
}

// target builds name once its dependencies have an outcome.
func (g *graph) target(name string, deps []string, compile func(string) error, out chan<- error) {
	g.mu.Lock()
	done, failed := g.ready(deps)
	for !done {
		g.cond.Wait() // want "`g.cond.Wait\(\)` may never return: `finish` changes `g.broken`, which this loop waits on, when `err != nil`, and returns without waking the waiters; it wakes them only after changing `g.built` on its other path"
		done, failed = g.ready(deps)
	}
	g.mu.Unlock()
	start := time.Now()
	err := ErrBroken
	if failed == nil {
		err = compile(name)
	}
	g.mu.Lock()
	g.took[name] = time.Since(start)
	g.finish(name, err)
	g.mu.Unlock()
	out <- err
}

// Build compiles every target once its dependencies are built, and returns the first
// error.
func Build(targets map[string][]string, compile func(string) error) error {
	g := &graph{built: map[string]bool{}, broken: map[string]error{}, took: map[string]time.Duration{}}
	g.cond = sync.NewCond(&g.mu)
	out := make(chan error, len(targets))
	for name, deps := range targets {
		go g.target(name, deps, compile, out)
	}
	for range targets {
		if err := <-out; err != nil {
			return err
		}
	}
	return nil
}
