package cancelledcallsend

import (
	"context"
	"encoding/json"
	"errors"
)

type query struct{ Page int }

type result struct {
	Value string
	Err   error
}

func fetch(ctx context.Context, body []byte) ([]string, error) {
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return nil, errors.New("no more pages")
}

// pages feeds each page's values; its error sends ignore ctx. The one a cancelled
// stage reaches is the send after fetch, which fails once ctx is cancelled, not the
// one after json.Marshal, which cannot fail that way.
func pages(ctx context.Context) <-chan result {
	out := make(chan result)
	go func() {
		defer close(out)
		for page := 0; ; page++ {
			body, err := json.Marshal(query{Page: page})
			if err != nil {
				out <- result{Err: err}
				return
			}
			values, err := fetch(ctx, body)
			if err != nil {
				out <- result{Err: err} // want "goroutine blocks forever sending on `out` once the consumer stops reading: the send ignores `ctx`"
				return
			}
			for _, v := range values {
				select {
				case out <- result{Value: v}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}
