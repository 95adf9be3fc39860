package fixedreplacedqueuechannel

import (
	"errors"
	"sync"
)

var errUnknownTenant = errors.New("unknown tenant")

type Tenant struct {
	ID   string
	Sink string
}

// Router ships each tenant's log lines to its sink, one shipper per tenant.
type Router struct {
	mu      sync.Mutex
	queues  map[string]chan string
	shipped map[string]int
}

func NewRouter(tenants []Tenant) *Router {
	r := &Router{queues: make(map[string]chan string), shipped: make(map[string]int)}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, t := range tenants {
		r.startLocked(t)
	}
	return r
}

func (r *Router) startLocked(t Tenant) {
	q := make(chan string, 16)
	r.queues[t.ID] = q
	go r.ship(t, q)
}

func (r *Router) ship(t Tenant, lines <-chan string) {
	for range lines {
		r.mu.Lock()
		r.shipped[t.ID]++
		r.mu.Unlock()
	}
}

// Rotate moves a tenant to a new sink.
func (r *Router) Rotate(t Tenant) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.queues[t.ID]
	if !ok {
		return errUnknownTenant
	}
	r.startLocked(t)
	close(old)
	return nil
}

// Close ends every shipper once its queue is drained.
func (r *Router) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, q := range r.queues {
		close(q)
	}
}
