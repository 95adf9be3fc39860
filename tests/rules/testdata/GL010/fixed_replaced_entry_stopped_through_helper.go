package relay

import "sync"

// client forwards queued lines to one connection.
type client struct {
	name  string
	lines chan string
}

func newClient(name string) *client {
	return &client{name: name, lines: make(chan string, 4)}
}

func (c *client) forward() {
	for line := range c.lines {
		_ = line
	}
}

func (c *client) close() { close(c.lines) }

// Hub keeps the connected clients by name.
type Hub struct {
	mu      sync.Mutex
	clients map[string]*client
}

// NewHub returns a hub with nobody connected.
func NewHub() *Hub { return &Hub{clients: make(map[string]*client)} }

// Connect registers a fresh client; a reconnect under the same name takes over.
func (h *Hub) Connect(name string) {
	c := newClient(name)
	h.mu.Lock()
	defer h.mu.Unlock()
	if old, ok := h.clients[name]; ok {
		h.dropLocked(old)
	}
	h.clients[name] = c
	go c.forward()
}

// dropLocked forgets a client and stops it. Callers hold h.mu.
func (h *Hub) dropLocked(c *client) {
	delete(h.clients, c.name)
	c.close()
}

// Shutdown disconnects everyone.
func (h *Hub) Shutdown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.clients {
		h.dropLocked(c)
	}
}
