package rota

import (
	"errors"
	"fmt"
	"sync"
)

// ErrHopperClosed is returned by Take once the hopper has been shut.
var ErrHopperClosed = errors.New("rota: hopper closed")

// Hopper is the shared dry-food store that every tank feeder draws from.
// Feeders block in Take until there is enough food for their portion.
type Hopper struct {
	mu       sync.Mutex
	cond     *sync.Cond
	grams    int
	capacity int
	waiting  int
	closed   bool
}

// NewHopper returns a hopper holding initial grams of food, capped at capacity.
func NewHopper(capacity, initial int) (*Hopper, error) {
	if capacity <= 0 {
		return nil, fmt.Errorf("rota: hopper capacity must be positive, got %d", capacity)
	}
	if initial < 0 || initial > capacity {
		return nil, fmt.Errorf("rota: initial fill %d g outside 0..%d g", initial, capacity)
	}
	h := &Hopper{grams: initial, capacity: capacity}
	h.cond = sync.NewCond(&h.mu)
	return h, nil
}

// Take removes a portion of food, waiting for a refill if the hopper is
// running low.
func (h *Hopper) Take(grams int) (int, error) {
	if grams <= 0 {
		return 0, fmt.Errorf("rota: invalid portion %d g", grams)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if grams > h.capacity {
		return 0, fmt.Errorf("rota: portion %d g exceeds hopper capacity %d g", grams, h.capacity)
	}
	if h.closed {
		return 0, ErrHopperClosed
	}
	h.waiting++
	for h.grams < grams && !h.closed {
		h.cond.Wait()
	}
	h.waiting--
	if h.closed {
		return 0, ErrHopperClosed
	}
	h.grams -= grams
	return grams, nil
}

// Refill tops the hopper up and wakes any feeders waiting for food. It
// returns the number of grams actually added.
func (h *Hopper) Refill(grams int) (int, error) {
	if grams <= 0 {
		return 0, fmt.Errorf("rota: invalid refill %d g", grams)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return 0, ErrHopperClosed
	}
	added := grams
	if room := h.capacity - h.grams; added > room {
		added = room
	}
	h.grams += added
	h.cond.Broadcast()
	return added, nil
}

// Level reports the food left and the number of feeders currently waiting.
func (h *Hopper) Level() (grams, waiting int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.grams, h.waiting
}

// Close shuts the hopper and wakes every waiting feeder.
func (h *Hopper) Close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.cond.Broadcast()
}
