package garage

import (
	"sync"
	"time"
)

// run: g := NewGarage(); r := &request{plate: "AB-12"}; g.Reserve(r); done := g.Await(r); time.Sleep(100 * time.Millisecond); g.Cancel(r); _ = done

type request struct {
	plate string
	at    time.Time
}

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
	r.at = time.Now()
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
			g.cond.Wait() // want "`g.cond.Wait\(\)` may never return: `Cancel` deletes from `g.pending`"
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
		return
	}
	g.free = append(g.free, 0)
	g.cond.Broadcast()
}
