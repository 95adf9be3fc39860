package replacedentry

import (
	"context"
	"sync"
)

// run: r := NewRegistry(); r.Store("a", 1); r.Store("a", 2); r.Close()

type lease struct {
	id   int
	stop context.CancelFunc
}

// Registry holds one lease per name until it is replaced or the registry closes.
type Registry struct {
	mu     sync.Mutex
	leases map[string]*lease
}

func NewRegistry() *Registry { return &Registry{leases: map[string]*lease{}} }

func (r *Registry) Store(name string, id int) {
	ctx, stop := context.WithCancel(context.Background())
	l := &lease{id: id, stop: stop}
	r.mu.Lock()
	r.leases[name] = l
	r.mu.Unlock()
	go r.expire(ctx, name, l)
}

func (r *Registry) expire(ctx context.Context, name string, l *lease) {
	<-ctx.Done() // want "goroutine `expire` blocks forever receiving from `ctx.Done\(\)` once `Store` is called again with the same `name`: the entry holding its cancel function is replaced at line 27"
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.leases[name] == l {
		delete(r.leases, name)
	}
}

func (r *Registry) Close() {
	r.mu.Lock()
	all := make([]*lease, 0, len(r.leases))
	for _, l := range r.leases {
		all = append(all, l)
	}
	r.mu.Unlock()
	for _, l := range all {
		l.stop()
	}
}
