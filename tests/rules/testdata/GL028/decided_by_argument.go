package decidedbyargument

import "sync"

// Group runs tasks; a task may stop the group without waiting for it.
type Group struct {
	tasks chan func() bool
	quit  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
}

// NewGroup starts n runners.
func NewGroup(n int) *Group {
	g := &Group{tasks: make(chan func() bool), quit: make(chan struct{})}
	for i := 0; i < n; i++ {
		g.wg.Add(1)
		go g.run()
	}
	return g
}

func (g *Group) run() {
	defer g.wg.Done()
	for {
		select {
		case <-g.quit:
			return
		case t := <-g.tasks:
			if !t() {
				g.stop(false) // a runner must not wait for itself
			}
		}
	}
}

func (g *Group) stop(wait bool) {
	g.once.Do(func() { close(g.quit) })
	if wait {
		g.wg.Wait()
	}
}

// Stop stops the runners and waits for them.
func (g *Group) Stop() { g.stop(true) }
