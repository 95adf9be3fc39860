package sizedfetchtwice

import (
	"context"
	"errors"
)

// run: ctx, cancel := context.WithCancel(context.Background()); _ = GetMany(ctx, []string{"a", "b"}); cancel()

type node struct{ id string }

type option struct {
	n   *node
	err error
}

func get(ctx context.Context, id string) (*node, error) { return nil, errors.New("gone: " + id) }

// GetMany forgets the `continue`: a failed id sends its error and then a
// second, empty answer, one more than the buffer has room for per id.
func GetMany(ctx context.Context, ids []string) <-chan option {
	out := make(chan option, len(ids))
	go func() {
		defer close(out)
		for _, id := range ids {
			n, err := get(ctx, id)
			if err != nil {
				out <- option{err: err} // want "goroutine blocks forever sending on `out` once the consumer stops reading: the send ignores `ctx`"
			}
			out <- option{n: n}
		}
	}()
	return out
}
