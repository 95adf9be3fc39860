package quayside

import (
	"fmt"
	"sync"
)

// liftGroup runs lifts on a bounded number of slots, one per crane, and
// collects their errors. Unlike a plain semaphore it lets the dispatcher try
// for a slot and do something else, such as honour its context, when all
// cranes are busy.
type liftGroup struct {
	slots    chan struct{}
	released chan struct{}
	wg       sync.WaitGroup

	mu     sync.Mutex
	failed int
	first  error
}

func newLiftGroup(n int) *liftGroup {
	return &liftGroup{
		slots:    make(chan struct{}, n),
		released: make(chan struct{}, 1),
	}
}

// TryGo runs fn in a new goroutine if a slot is free and reports whether it
// did.
func (g *liftGroup) TryGo(fn func() error) bool {
	g.wg.Add(1)
	select {
	case g.slots <- struct{}{}:
	default:
		return false
	}
	go func() {
		defer g.wg.Done()
		defer g.release()
		if err := fn(); err != nil {
			g.mu.Lock()
			g.failed++
			if g.first == nil {
				g.first = err
			}
			g.mu.Unlock()
		}
	}()
	return true
}

func (g *liftGroup) release() {
	<-g.slots
	select {
	case g.released <- struct{}{}:
	default:
	}
}

// Released receives a value after a slot has been given back.
func (g *liftGroup) Released() <-chan struct{} { return g.released }

// Wait blocks until every started function has returned and summarises
// their errors.
func (g *liftGroup) Wait() error {
	g.wg.Wait() // leak: TryGo's no-slot path added to the counter without Done
	g.mu.Lock()
	defer g.mu.Unlock()
	switch g.failed {
	case 0:
		return nil
	case 1:
		return g.first
	}
	return fmt.Errorf("%d lifts failed, first: %w", g.failed, g.first)
}
