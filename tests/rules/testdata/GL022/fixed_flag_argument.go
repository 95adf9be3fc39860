package tcp

import (
	"errors"
	"sync"
)

type endpoint struct {
	mu  sync.Mutex
	err error
}

func (e *endpoint) handshake() error { return errors.New("handshake failed") }

// loop returns before it signals `ready` only when it was asked to do the handshake.
func (e *endpoint) loop(handshake bool, ready chan<- struct{}) {
	e.mu.Lock()
	if handshake {
		if err := e.handshake(); err != nil {
			e.err = err
			e.mu.Unlock()
			return
		}
	}
	e.mu.Unlock()
	if ready != nil {
		close(ready)
	}
}

// An accepted connection has done its handshake: passing `false` rules out the early
// return, so `ready` is always closed (CONSTANT_ARGUMENT).
func (e *endpoint) startAccepted() {
	ready := make(chan struct{})
	go e.loop(false, ready)
	<-ready
}

func (e *endpoint) startConnecting() {
	go e.loop(true, nil)
}
