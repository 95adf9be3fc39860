package fixed_geo_batcher

import (
	"errors"
	"sync/atomic"
)

// run: r := NewResolver(func([]string) (map[string]string, error) { return nil, errors.New("backend down") }, 1); go func() { _, _ = r.City("10.0.0.1") }(); for r.Batches() == 0 { time.Sleep(time.Millisecond) }; r.Close()

var (
	// ErrClosed is returned by a closed resolver.
	ErrClosed = errors.New("geo: resolver closed")
	// ErrUnknown is returned for an address the backend does not place.
	ErrUnknown = errors.New("geo: unknown address")
)

// Backend places many addresses in one call.
type Backend func(ips []string) (map[string]string, error)

type lookup struct {
	ip   string
	city string
	err  error
	done chan struct{}
}

// Resolver gathers lookups into batches, so the backend sees one call per batch.
type Resolver struct {
	backend Backend
	max     int
	pending chan *lookup
	quit    chan struct{}
	batches atomic.Int64
}

// NewResolver sends batches of up to max addresses to backend.
func NewResolver(backend Backend, max int) *Resolver {
	r := &Resolver{
		backend: backend,
		max:     max,
		pending: make(chan *lookup),
		quit:    make(chan struct{}),
	}
	go r.gather()
	return r
}

// City places ip.
func (r *Resolver) City(ip string) (string, error) {
	l := &lookup{ip: ip, done: make(chan struct{})}
	select {
	case r.pending <- l:
	case <-r.quit:
		return "", ErrClosed
	}
	<-l.done
	return l.city, l.err
}

// Batches counts the batches sent to the backend.
func (r *Resolver) Batches() int64 { return r.batches.Load() }

// Close ends the gathering goroutine.
func (r *Resolver) Close() { close(r.quit) }
