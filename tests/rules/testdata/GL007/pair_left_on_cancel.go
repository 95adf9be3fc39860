package pairleftoncancel

import (
	"context"
	"errors"
)

type lister struct{ n int }

func newLister(n int) *lister { return &lister{n: n} }

func (l *lister) list(ctx context.Context, ch chan<- int) error {
	for i := 0; i < l.n; i++ {
		ch <- i // want "goroutine blocks forever sending on `ch` once the consumer stops reading: the send ignores `ctx`" GL006 "goroutine blocks forever sending on `ch` \(`objs`\) once `all` stops consuming"
	}
	if l.n > 2 {
		return errors.New("truncated")
	}
	return nil
}

// objects feeds the returned channel and reports a failure on the second one, as its
// last act.
func (l *lister) objects(ctx context.Context) (chan int, chan error) {
	ch, errc := make(chan int), make(chan error, 1)
	go func() {
		defer close(ch)
		if err := l.list(ctx, ch); err != nil {
			errc <- err
		}
	}()
	return ch, errc
}

// all also leaves when the context ends: the producer, which ignores it, is left
// sending.
func (l *lister) all(ctx context.Context) ([]int, error) {
	objs, errc := l.objects(ctx)
	var out []int
	for {
		select {
		case o, ok := <-objs:
			if !ok {
				return out, nil
			}
			out = append(out, o)
		case err := <-errc:
			return out, err
		case <-ctx.Done():
			return out, ctx.Err()
		}
	}
}
