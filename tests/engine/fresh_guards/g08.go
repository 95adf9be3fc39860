package fp

import (
	"context"
	"errors"
)

type iter08 interface{ Next() (string, error) }

func list08(ctx context.Context, open func(context.Context) iter08) <-chan string {
	out := make(chan string, 1000)
	go func() {
		defer close(out)
		it := open(ctx)
		for {
			v, err := it.Next() // returns an error once ctx is cancelled
			if err != nil {
				return
			}
			out <- v
		}
	}()
	return out
}

func collect08(ctx context.Context, open func(context.Context) iter08) ([]string, error) {
	var ret []string
	for v := range list08(ctx, open) { // drains until closed: no break, no return
		if v == "" {
			continue
		}
		ret = append(ret, v)
	}
	if len(ret) == 0 {
		return nil, errors.New("none")
	}
	return ret, nil
}
