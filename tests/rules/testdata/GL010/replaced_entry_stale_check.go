package replacedentrystalecheck

import (
	"errors"
	"sync"
	"time"
)

var errStopped = errors.New("region stopped")

// run: h := NewHub(); var wg sync.WaitGroup; for i := 0; i < 4; i++ { wg.Add(1); go func() { defer wg.Done(); _ = h.Send("eu", "hello") }() }; wg.Wait(); h.Stop()

type region struct {
	in   chan string
	quit chan struct{}
}

// Hub runs one sender per region, started on first use.
type Hub struct {
	mu      sync.RWMutex
	regions map[string]*region
	sent    int
}

func NewHub() *Hub { return &Hub{regions: make(map[string]*region)} }

func (h *Hub) regionFor(name string) *region {
	h.mu.RLock()
	r, ok := h.regions[name]
	h.mu.RUnlock()
	if ok {
		return r
	}
	time.Sleep(time.Millisecond) // look the region's endpoint up

	h.mu.Lock()
	defer h.mu.Unlock()
	r = &region{in: make(chan string), quit: make(chan struct{})}
	h.regions[name] = r // want "the object this store replaces keeps its goroutine `run` running forever: `regionFor` puts `r`, whose goroutine it starts, under a key of `h.regions` that may hold one, without closing the old one's `quit`"
	go h.run(r.in, r.quit)
	return r
}

func (h *Hub) run(in <-chan string, quit <-chan struct{}) {
	for {
		select {
		case <-in:
			h.mu.Lock()
			h.sent++
			h.mu.Unlock()
		case <-quit:
			return
		}
	}
}

// Send hands msg to the region's sender.
func (h *Hub) Send(name, msg string) error {
	r := h.regionFor(name)
	select {
	case r.in <- msg:
		return nil
	case <-r.quit:
		return errStopped
	}
}

// Stop ends every region's sender.
func (h *Hub) Stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.regions {
		close(r.quit)
	}
}
