package lonesignalperobjectinanestedloop

import (
	"sync"
	"time"
)

// run: l := NewLine([]string{"flint"}, 2); time.Sleep(100 * time.Millisecond); l.Close(); time.Sleep(100 * time.Millisecond)

// lehr is one annealing oven, with stackers taking its finished pieces.
type lehr struct {
	mu     sync.Mutex
	cond   *sync.Cond
	pieces []string
	closed bool
}

func newLehr() *lehr {
	l := &lehr{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// runStacker takes pieces until the lehr closes.
func (l *lehr) runStacker() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for len(l.pieces) == 0 && !l.closed {
			l.cond.Wait() // want "`l\\.cond\\.Wait\\(\\)` may never return: `close` sets `l\\.closed`, which this loop waits on, but wakes one waiter"
		}
		if l.closed {
			return
		}
		l.pieces = l.pieces[1:]
	}
}

// close wakes one stacker of the lehr only.
func (l *lehr) close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.cond.Signal()
}

// Line runs several stackers per lehr.
type Line struct {
	lehrs   []*lehr
	started time.Time
}

// NewLine starts stackers stackers on each lehr.
func NewLine(names []string, stackers int) *Line {
	ln := &Line{started: time.Now()}
	for range names {
		ln.lehrs = append(ln.lehrs, newLehr())
	}
	for _, l := range ln.lehrs {
		for n := 0; n < stackers; n++ {
			go l.runStacker()
		}
	}
	return ln
}

// Close closes every lehr.
func (ln *Line) Close() {
	for _, l := range ln.lehrs {
		l.close()
	}
}
