package metrics

import (
	"sort"
	"sync"
)

// Registry shares meters by name.
type Registry struct {
	mu     sync.Mutex
	meters map[string]*Meter
	opts   []MeterOption
}

// NewRegistry makes a registry whose meters are built with opts.
func NewRegistry(opts ...MeterOption) *Registry {
	return &Registry{meters: make(map[string]*Meter), opts: opts}
}

// Meter returns the meter called name, creating it on first use.
func (r *Registry) Meter(name string) *Meter {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.meters[name]
	if !ok {
		m = NewMeter(r.opts...)
		r.meters[name] = m
	}
	return m
}

// Unregister stops and forgets the meter called name.
func (r *Registry) Unregister(name string) {
	r.mu.Lock()
	m, ok := r.meters[name]
	delete(r.meters, name)
	r.mu.Unlock()
	if ok {
		m.Stop()
	}
}

// Each calls f for every meter, in name order.
func (r *Registry) Each(f func(name string, s Snapshot)) {
	r.mu.Lock()
	names := make([]string, 0, len(r.meters))
	for n := range r.meters {
		names = append(names, n)
	}
	sort.Strings(names)
	meters := make([]*Meter, len(names))
	for i, n := range names {
		meters[i] = r.meters[n]
	}
	r.mu.Unlock()
	for i, n := range names {
		f(n, meters[i].Snapshot())
	}
}
