package fixedpairdrained

import (
	"context"
	"errors"
)

// run: _, _ = newLister(3).all(context.Background())

type lister struct{ n int }

func newLister(n int) *lister { return &lister{n: n} }

func (l *lister) list(ctx context.Context, ch chan<- int) error {
	for i := 0; i < l.n; i++ {
		ch <- i
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

// all reads until the results are closed or the error came: by then every send is
// done, whatever the context does.
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
		}
	}
}
