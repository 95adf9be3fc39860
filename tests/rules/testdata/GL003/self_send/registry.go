package selfsend

import "context"

type op struct {
	key   string
	value int
}

// Registry applies operations in one goroutine, ranging over its queue.
type Registry struct {
	ops    chan op
	values map[string]int
}

func NewRegistry() *Registry {
	r := &Registry{values: map[string]int{}}
	r.ops = make(chan op)
	go r.loop()
	return r
}

func (r *Registry) loop() {
	for o := range r.ops {
		r.apply(o)
	}
}

func (r *Registry) apply(o op) {
	r.values[o.key] = o.value
	if o.value < 0 {
		_ = r.Submit(context.TODO(), op{key: o.key, value: 0})
	}
}

// Submit queues an operation, or gives up when ctx ends.
func (r *Registry) Submit(ctx context.Context, o op) error {
	return r.enqueue(ctx, o)
}

func (r *Registry) enqueue(ctx context.Context, o op) error {
	select {
	case r.ops <- o: // want "goroutine `loop` blocks forever sending on `r.ops`: it is the only goroutine that receives from `ops`, and it makes this send itself \(through `apply` -> `Submit` -> `enqueue`\)"
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
