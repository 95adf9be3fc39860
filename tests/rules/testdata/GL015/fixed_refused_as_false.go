package fixedrefusedasfalse

import "sync"

// liftGroup runs lifts on a bounded number of crane slots.
type liftGroup struct {
	slots chan struct{}
	wg    sync.WaitGroup
}

func newLiftGroup(cranes int) *liftGroup {
	return &liftGroup{slots: make(chan struct{}, cranes)}
}

// TryGo runs fn on a free crane and reports whether it did; a refused lift is
// counted out again.
func (g *liftGroup) TryGo(fn func()) bool {
	g.wg.Add(1)
	select {
	case g.slots <- struct{}{}:
	default:
		g.wg.Done()
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
	g.wg.Wait()
}
