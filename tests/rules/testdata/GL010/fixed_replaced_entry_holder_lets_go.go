package tunnels

import "sync"

// link pumps frames to one edge until closed.
type link struct {
	edge   string
	frames chan []byte
}

func newLink(edge string) *link {
	return &link{edge: edge, frames: make(chan []byte, 16)}
}

func (l *link) open() { go l.pump() }

func (l *link) pump() {
	for f := range l.frames {
		_ = f
	}
}

func (l *link) shut() { close(l.frames) }

// Registry keeps the current link of every edge.
type Registry struct {
	mu    sync.Mutex
	links map[string]*link
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{links: make(map[string]*link)} }

// Attachment is one edge's hold on its link.
type Attachment struct {
	reg  *Registry
	link *link
}

// Attach makes a fresh link the edge's current one; a reconnecting edge takes over.
func (r *Registry) Attach(edge string) *Attachment {
	l := newLink(edge)
	r.mu.Lock()
	r.links[edge] = l
	r.mu.Unlock()
	l.open()
	return &Attachment{reg: r, link: l}
}

// Detach lets go of the edge's link; a link a newer attachment replaced is shut
// all the same.
func (a *Attachment) Detach() {
	a.reg.mu.Lock()
	if a.reg.links[a.link.edge] != a.link {
		a.reg.mu.Unlock()
		a.link.shut()
		return
	}
	delete(a.reg.links, a.link.edge)
	a.reg.mu.Unlock()
	a.link.shut()
}

// Close shuts every current link.
func (r *Registry) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for edge, l := range r.links {
		l.shut()
		delete(r.links, edge)
	}
}
