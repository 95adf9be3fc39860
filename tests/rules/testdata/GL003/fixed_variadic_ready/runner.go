// Package services starts each service and waits until it reports that it runs.
// Run closes every channel it is handed through its variadic parameter: the
// channel is an element of `ready`, not `ready` itself, so the range below is
// over a slice and the close releases the starter (VARIADIC_UNBOUND).
package services

import "context"

type Runner struct {
	name string
	stop chan struct{}
}

func (r *Runner) Run(ready ...chan<- struct{}) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-ctx.Done():
		case <-r.stop:
			cancel()
		}
	}()
	for _, ch := range ready {
		close(ch)
	}
	<-ctx.Done()
	return ctx.Err()
}
