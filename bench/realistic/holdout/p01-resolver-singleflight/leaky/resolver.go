// Package resolver caches name lookups and collapses concurrent lookups of one name.
package resolver

import (
	"errors"
	"sync"
)

// LookupFunc resolves a host name to addresses.
type LookupFunc func(host string) ([]string, error)

type call struct {
	done  chan struct{}
	addrs []string
	err   error
}

// Resolver is safe for concurrent use.
type Resolver struct {
	lookup LookupFunc

	mu       sync.Mutex
	cache    map[string][]string
	inflight map[string]*call
}

// New returns a resolver around lookup.
func New(lookup LookupFunc) *Resolver {
	return &Resolver{lookup: lookup, cache: map[string][]string{}, inflight: map[string]*call{}}
}

// ErrEmptyHost is returned for "".
var ErrEmptyHost = errors.New("resolver: empty host")

// Resolve returns cached addresses or performs one lookup shared by all callers.
func (r *Resolver) Resolve(host string) ([]string, error) {
	if host == "" {
		return nil, ErrEmptyHost
	}
	r.mu.Lock()
	if addrs, ok := r.cache[host]; ok {
		r.mu.Unlock()
		return addrs, nil
	}
	if c, ok := r.inflight[host]; ok {
		r.mu.Unlock()
		<-c.done // leak: the leader returns on error without closing done
		return c.addrs, c.err
	}
	c := &call{done: make(chan struct{})}
	r.inflight[host] = c
	r.mu.Unlock()

	addrs, err := r.lookup(host)

	r.mu.Lock()
	delete(r.inflight, host)
	if err != nil {
		r.mu.Unlock()
		return nil, err
	}
	r.cache[host] = addrs
	r.mu.Unlock()

	c.addrs = addrs
	close(c.done)
	return addrs, nil
}
