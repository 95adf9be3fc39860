package links

import (
	"errors"
	"sync"
	"time"
)

// run: p := NewPool(time.Hour, func(string) error { return errUnreachable }); l := p.Add("edge-1"); _ = p.Remove(l)

var errUnreachable = errors.New("links: unreachable")

type linkState int

const (
	linkUp linkState = iota
	linkDown
	linkClosed
)

type link struct {
	addr  string
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	state linkState
}

// Pool keeps links to its peers up, redialling the ones that went down.
type Pool struct {
	every time.Duration
	dial  func(addr string) error
}

func NewPool(every time.Duration, dial func(addr string) error) *Pool {
	return &Pool{every: every, dial: dial}
}

// Add dials addr and starts watching the link, up or not.
func (p *Pool) Add(addr string) *link {
	l := &link{addr: addr, stop: make(chan struct{}), done: make(chan struct{})}
	if err := p.dial(addr); err != nil {
		l.state = linkDown
	}
	go p.watch(l)
	return l
}

func (p *Pool) watch(l *link) {
	defer close(l.done)
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select { // want "goroutine `watch` never stops when `Remove` returns at line 81: the only way out of its loop is a receive from `link.stop`, and that return skips the close; the loop goes on, and blocks here for good once nothing else moves"
		case <-l.stop:
			return
		case <-t.C:
			p.check(l)
		}
	}
}

// check redials a link that is down.
func (p *Pool) check(l *link) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch l.state {
	case linkDown:
		if err := p.dial(l.addr); err == nil {
			l.state = linkUp
		}
	case linkUp:
	}
}

// Remove stops watching the link.
func (p *Pool) Remove(l *link) error {
	l.mu.Lock()
	if l.state == linkDown {
		l.mu.Unlock()
		return nil
	}
	close(l.stop)
	l.state = linkClosed
	l.mu.Unlock()
	<-l.done
	return nil
}
