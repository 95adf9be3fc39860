// Close takes the group's channel under the lock and closes it once the lock is let
// go: the same channel under another name (FIELD_COPY), so Wait's receive is served.
package closedthroughacopy

import "sync"

type Group struct {
	mu       sync.Mutex
	closed   bool
	closedCh chan struct{}
}

func NewGroup() *Group { return &Group{closedCh: make(chan struct{})} }

func (g *Group) Close() {
	g.mu.Lock()
	already := g.closed
	g.closed = true
	ch := g.closedCh
	g.mu.Unlock()
	if already {
		return
	}
	close(ch)
}

func (g *Group) Wait() { <-g.closedCh }

func run(work func()) {
	g := NewGroup()
	done := make(chan struct{}, 1)
	go func() {
		g.Wait()
		done <- struct{}{}
	}()
	work()
	g.Close()
	<-done
}
