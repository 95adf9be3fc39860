// Package presence is a small presence service: clients connect over TCP,
// introduce themselves, and are told whenever someone else joins or leaves.
package presence

import (
	"sort"
	"sync"
)

// hub knows who is online and fans notifications out to them.
type hub struct {
	mu      sync.Mutex
	clients map[string]*client
}

func newHub() *hub { return &hub{clients: make(map[string]*client)} }

// join registers c under name; it fails if the name is taken.
func (h *hub) join(name string, c *client) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, taken := h.clients[name]; taken {
		return false
	}
	for _, other := range h.clients {
		other.notify("JOIN " + name)
	}
	h.clients[name] = c
	return true
}

// leave unregisters name; after it returns, nothing more is sent to it.
func (h *hub) leave(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, name)
	for _, other := range h.clients {
		other.notify("LEAVE " + name)
	}
}

// online lists who is connected.
func (h *hub) online() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	names := make([]string, 0, len(h.clients))
	for n := range h.clients {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
