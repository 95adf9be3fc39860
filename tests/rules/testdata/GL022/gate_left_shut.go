package gateleft

import (
	"errors"
	"strings"
	"sync"
)

// run: s := NewRoutes(); _ = s.Reload("a=1"); _ = s.Reload("broken"); go s.Lookup("a")

// Routes serves the latest valid routing table; lookups wait while a reload is under way.
type Routes struct {
	mu    sync.Mutex
	table map[string]string
	ready chan struct{} // closed while table is usable
}

func NewRoutes() *Routes { return &Routes{ready: make(chan struct{})} }

func parse(text string) (map[string]string, error) {
	out := map[string]string{}
	for _, line := range strings.Fields(text) {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, errors.New("routes: bad line " + line)
		}
		out[k] = v
	}
	return out, nil
}

func (r *Routes) Reload(text string) error {
	r.mu.Lock()
	if r.table != nil {
		r.ready = make(chan struct{})
	}
	r.mu.Unlock()

	table, err := parse(text)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.table = table
	close(r.ready)
	r.mu.Unlock()
	return nil
}

func (r *Routes) Lookup(key string) string {
	r.mu.Lock()
	ready := r.ready
	r.mu.Unlock()
	<-ready // want "`Lookup` can wait forever on `ready` \(copied from the `ready` field\): `Reload` makes the `ready` channel anew and leaves at line 41 without closing it"
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.table[key]
}
