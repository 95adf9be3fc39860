package fresh

import (
	"sync/atomic"
	"time"
)

// A status compare-and-swap guards the close: the early return is taken only when
// the pump never began (no goroutine) or already ended (quit closed).
type pumpJ19 struct {
	name  string
	state int32
	quit  chan struct{}
}

func (p *pumpJ19) Begin() {
	if !atomic.CompareAndSwapInt32(&p.state, 0, 1) {
		return
	}
	go p.tick()
}

func (p *pumpJ19) End() {
	if !atomic.CompareAndSwapInt32(&p.state, 1, 2) {
		return
	}
	close(p.quit)
}

func (p *pumpJ19) tick() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-p.quit:
			return
		}
	}
}

// A method asks whether the stop channel is closed (CLOSED_CHECK).
type sockJ19 struct {
	name string
	gone chan struct{}
}

func openSockJ19() *sockJ19 {
	s := &sockJ19{gone: make(chan struct{})}
	go s.sweep()
	return s
}

func (s *sockJ19) isGone() bool {
	select {
	case <-s.gone:
		return true
	default:
		return false
	}
}

func (s *sockJ19) Shut() {
	if s.isGone() {
		return
	}
	close(s.gone)
}

func (s *sockJ19) sweep() {
	for {
		select {
		case <-time.After(time.Second):
		case <-s.gone:
			return
		}
	}
}

// A method reads the flag the stopping method sets just before its close.
type nodeJ19 struct {
	closed atomic.Int32
	busy   atomic.Int32
	quit   chan struct{}
}

func newNodeJ19() *nodeJ19 {
	n := &nodeJ19{quit: make(chan struct{})}
	go n.poll()
	return n
}

func (n *nodeJ19) stopped() bool { return n.closed.Load() == 1 }

func (n *nodeJ19) Stop() error {
	if n.stopped() {
		return nil
	}
	n.closed.Store(1)
	close(n.quit)
	return nil
}

func (n *nodeJ19) poll() {
	for {
		select {
		case <-time.After(time.Second):
		case <-n.quit:
			return
		}
	}
}
