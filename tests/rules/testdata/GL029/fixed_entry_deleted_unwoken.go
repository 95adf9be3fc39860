package garagefixed

import "sync"

type request struct{ plate string }

// Garage hands free bays to waiting reservations.
type Garage struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending map[*request]bool
	free    []int
}

func NewGarage() *Garage {
	g := &Garage{pending: make(map[*request]bool)}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Garage) Reserve(r *request) {
	g.mu.Lock()
	g.pending[r] = true
	g.mu.Unlock()
}

// Await waits in the background for a bay, until r is cancelled.
func (g *Garage) Await(r *request) <-chan int {
	bay := make(chan int, 1)
	go func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		for {
			if _, ok := g.pending[r]; !ok {
				return
			}
			if len(g.free) > 0 {
				delete(g.pending, r)
				bay <- g.free[0]
				g.free = g.free[1:]
				return
			}
			g.cond.Wait()
		}
	}()
	return bay
}

// Cancel withdraws r; a bay it already got goes back to the free list.
func (g *Garage) Cancel(r *request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, waiting := g.pending[r]; waiting {
		delete(g.pending, r)
		g.cond.Broadcast()
		return
	}
	g.free = append(g.free, 0)
	g.cond.Broadcast()
}
