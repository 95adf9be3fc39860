package berthsfixed

import (
	"errors"
	"sync"
)

var errClosed = errors.New("harbor closed")

// Harbor assigns berths to ships; a ship asking for a taken berth waits its turn.
type Harbor struct {
	mu      sync.Mutex
	cond    *sync.Cond
	holders map[string]string
	closed  bool
}

// NewHarbor makes a harbor with every berth free.
func NewHarbor() *Harbor {
	h := &Harbor{holders: map[string]string{}}
	h.cond = sync.NewCond(&h.mu)
	return h
}

// Request asks for the berth on ship's behalf; done is called once it is granted, or
// with errClosed when the harbor closes first.
func (h *Harbor) Request(ship, berth string, done func(error)) {
	go h.await(ship, berth, done)
}

func (h *Harbor) await(ship, berth string, done func(error)) {
	h.mu.Lock()
	for !h.closed && h.holders[berth] != "" {
		h.cond.Wait()
	}
	if h.closed {
		h.mu.Unlock()
		done(errClosed)
		return
	}
	h.holders[berth] = ship
	h.mu.Unlock()
	done(nil)
}

// Leave frees the berth ship holds.
func (h *Harbor) Leave(ship, berth string) {
	h.mu.Lock()
	if h.holders[berth] == ship {
		delete(h.holders, berth)
		h.cond.Broadcast()
	}
	h.mu.Unlock()
}

// Close turns every waiting ship away.
func (h *Harbor) Close() {
	h.mu.Lock()
	h.closed = true
	h.cond.Broadcast()
	h.mu.Unlock()
}
