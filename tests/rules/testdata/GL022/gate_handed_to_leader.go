package resolve

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// run: r := NewResolver(func(context.Context, string) (string, error) { return "", errors.New("nxdomain") }); f, _ := r.join("db"); go r.wait(f); r.resolve(context.Background(), "db", f)

var errNoAddress = errors.New("resolve: no address")

type lookupFunc func(ctx context.Context, host string) (string, error)

// flight is one lookup in progress: later callers for the same host wait for it.
type flight struct {
	done chan struct{}
	addr string
	err  error
}

// Resolver runs one lookup per host at a time, however many callers ask.
type Resolver struct {
	lookup  lookupFunc
	mu      sync.Mutex
	flights map[string]*flight
}

func NewResolver(lookup lookupFunc) *Resolver {
	return &Resolver{lookup: lookup, flights: make(map[string]*flight)}
}

// join returns the host's flight and whether the caller leads it.
func (r *Resolver) join(host string) (*flight, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.flights[host]; ok {
		return f, false
	}
	f := &flight{done: make(chan struct{})}
	r.flights[host] = f
	return f, true
}

func (r *Resolver) Resolve(ctx context.Context, host string) (string, error) {
	f, leader := r.join(host)
	if leader {
		return r.resolve(ctx, host, f)
	}
	return r.wait(f)
}

func (r *Resolver) resolve(ctx context.Context, host string, f *flight) (string, error) {
	addr, err := r.lookup(ctx, host)
	r.mu.Lock()
	delete(r.flights, host)
	r.mu.Unlock()
	if err != nil {
		f.err = err
		return "", fmt.Errorf("resolve %s: %w", host, err)
	}
	if addr == "" {
		addr = "127.0.0.1"
	}
	f.addr = addr
	close(f.done)
	return addr, nil
}

func (r *Resolver) wait(f *flight) (string, error) {
	<-f.done // want "`wait` can wait forever on `f.done`: each holder gets its own `done` channel, and `resolve`, the one function that closes it, leaves at line 61 without closing it"
	if f.err != nil {
		return "", f.err
	}
	if f.addr == "" {
		return "", errNoAddress
	}
	return f.addr, nil
}
