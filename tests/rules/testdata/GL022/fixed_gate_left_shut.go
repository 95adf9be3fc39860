package fixedgate

import (
	"context"
	"errors"
	"sync"
)

// run: r := NewRoutes(); _ = r.Reload(true); _ = r.Reload(false); r.Lookup()

var errBad = errors.New("routes: bad table")

// Routes opens the gate again on a failed reload: readers keep the previous table.
type Routes struct {
	mu    sync.Mutex
	table int
	ready chan struct{}
}

func NewRoutes() *Routes { return &Routes{ready: make(chan struct{})} }

func (r *Routes) Reload(ok bool) error {
	r.mu.Lock()
	if r.table != 0 {
		r.ready = make(chan struct{})
	}
	r.mu.Unlock()
	if !ok {
		if r.table != 0 {
			close(r.ready)
		}
		return errBad
	}
	r.mu.Lock()
	r.table++
	close(r.ready)
	r.mu.Unlock()
	return nil
}

func (r *Routes) Lookup() int {
	r.mu.Lock()
	ready := r.ready
	r.mu.Unlock()
	<-ready
	return r.table
}

// Link re-arms its gate only once the previous one was opened.
type Link struct {
	up chan struct{}
}

func (l *Link) Connect(ok bool) error {
	if l.up == nil {
		l.up = make(chan struct{})
	}
	if !ok {
		return errBad
	}
	close(l.up)
	l.up = nil
	return nil
}

func (l *Link) Wait() {
	up := l.up
	if up != nil {
		<-up
	}
}

// Feed's readers give up with their context.
type Feed struct {
	fresh chan struct{}
}

func (f *Feed) Refresh(ok bool) error {
	f.fresh = make(chan struct{})
	if !ok {
		return errBad
	}
	close(f.fresh)
	return nil
}

func (f *Feed) Next(ctx context.Context) error {
	select {
	case <-f.fresh:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Gate closes on every way out, by a deferred close.
type Gate struct {
	open chan struct{}
}

func (g *Gate) Arm(ok bool) (err error) {
	g.open = make(chan struct{})
	defer close(g.open)
	if !ok {
		return errBad
	}
	return nil
}

func (g *Gate) Pass() { <-g.open }

// Board wakes every watcher on each change: it closes the current channel and makes
// the next one, which its next change closes (dd-trace-go's retry coordinator).
type Board struct {
	changed chan struct{}
	n       int
}

func NewBoard() *Board { return &Board{changed: make(chan struct{})} }

func (b *Board) notify() {
	close(b.changed)
	b.changed = make(chan struct{})
}

func (b *Board) Set(n int) {
	b.n = n
	b.notify()
}

func (b *Board) Watch() int {
	changed := b.changed
	<-changed
	return b.n
}
