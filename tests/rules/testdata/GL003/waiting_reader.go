package udp

import (
	"errors"
	"sync"
)

type Listener struct {
	mu      sync.Mutex
	done    chan struct{}
	packets chan []byte
	conn    interface{ Close() error }
}

func (l *Listener) Open(handle func([]byte)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done = make(chan struct{})
	l.packets = make(chan []byte)
	go l.serve(handle)
}

// serve waits: with no default, it parks on its select until `l.done` is closed.
func (l *Listener) serve(handle func([]byte)) {
	for {
		select { // want "goroutine `serve` blocks forever receiving from `l.done` when `Close` returns at line 37 without closing `l.done`"
		case <-l.done:
			return
		case p := <-l.packets:
			handle(p)
		}
	}
}

func (l *Listener) Close() error {
	if l.conn == nil {
		return errors.New("not open")
	}
	close(l.done)
	return l.conn.Close()
}
