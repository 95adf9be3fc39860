package uploads

import (
	"errors"
	"sync"
)

// run: g := &Gate{quota: 1}; _ = g.Upload("a", 2); go g.Drain()

// ErrDraining refuses uploads once Drain began.
var ErrDraining = errors.New("uploads: draining")

// ErrTooLarge refuses an upload over quota.
var ErrTooLarge = errors.New("uploads: too large")

// Gate admits uploads and lets Drain wait for those under way.
type Gate struct {
	mu       sync.Mutex
	draining bool
	quota    int
	active   sync.WaitGroup
}

// admit counts one more upload under way, unless draining.
func (g *Gate) admit() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.draining {
		return ErrDraining
	}
	g.active.Add(1)
	return nil
}

// Upload stores one object of the given size.
func (g *Gate) Upload(name string, size int) error {
	if err := g.admit(); err != nil {
		return err
	}
	if size > g.quota {
		return ErrTooLarge
	}
	defer g.active.Done()
	_ = name
	return nil
}

// Drain refuses new uploads and waits for those under way.
func (g *Gate) Drain() {
	g.mu.Lock()
	g.draining = true
	g.mu.Unlock()
	g.active.Wait() // want "`g.active.Wait\\(\\)` never returns once `Upload` has refused work: once `admit` has added to `active`, it returns at line 41 without calling `Done`"
}
