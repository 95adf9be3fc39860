package refusedasfalse

import "sync"

// run: g := newLiftGroup(1); block := make(chan struct{}); _ = g.TryGo(func() { <-block }); _ = g.TryGo(func() {}); close(block); go g.Wait()

// liftGroup runs lifts on a bounded number of crane slots.
type liftGroup struct {
	slots chan struct{}
	wg    sync.WaitGroup
}

func newLiftGroup(cranes int) *liftGroup {
	return &liftGroup{slots: make(chan struct{}, cranes)}
}

// TryGo runs fn on a free crane and reports whether it did (FALSE_REFUSAL: `false`
// tells the caller the lift was not taken, after it was counted in).
func (g *liftGroup) TryGo(fn func()) bool {
	g.wg.Add(1)
	select {
	case g.slots <- struct{}{}:
	default:
		return false
	}
	go func() {
		defer g.wg.Done()
		defer func() { <-g.slots }()
		fn()
	}()
	return true
}

// Wait waits for every lift started.
func (g *liftGroup) Wait() {
	g.wg.Wait() // want "`g\\.wg\\.Wait\\(\\)` never returns once `TryGo` has refused work: it adds to `wg`, then returns at line 24 without"
}
