package fixedreplacedentry

import (
	"context"
	"sync"
)

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
	if old := r.leases[name]; old != nil {
		old.stop() // the lease replaced would otherwise never expire
	}
	r.leases[name] = l
	r.mu.Unlock()
	go r.expire(ctx, name, l)
}

func (r *Registry) expire(ctx context.Context, name string, l *lease) {
	<-ctx.Done()
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
