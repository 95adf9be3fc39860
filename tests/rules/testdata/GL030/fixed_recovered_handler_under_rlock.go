package fixedrecoveredhandlerunderrlock

import (
	"fmt"
	"log"
	"sync"
)

// run: r := &Router{routes: map[string]func(string) string{"boom": func(string) string { panic("bad route") }}}; _ = r.Serve("boom", "x"); go r.Add("ok", func(s string) string { return s })

// Router dispatches messages to the handler registered for their topic.
type Router struct {
	mu     sync.RWMutex
	routes map[string]func(string) string
}

// Add registers h for topic.
func (r *Router) Add(topic string, h func(string) string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routes[topic] = h
}

// Serve runs the handler of topic on msg and returns its reply. A handler that
// panics is logged, and the router goes on serving.
func (r *Router) Serve(topic, msg string) string {
	defer func() {
		if p := recover(); p != nil {
			log.Print(fmt.Sprintf("topic %s: %v", topic, p))
		}
	}()
	r.mu.RLock()
	h, ok := r.routes[topic]
	r.mu.RUnlock()
	if !ok {
		return ""
	}
	return h(msg)
}
