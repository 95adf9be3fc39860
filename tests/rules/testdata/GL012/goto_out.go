package gotoout

import (
	"context"
	"errors"
	"time"
)

type stream interface{ Send() error }

type failing struct{}

func (failing) Send() error { return errors.New("gone") }

func open(ctx context.Context) (stream, error) { return failing{}, nil }

// KeepAlive sends until the stream fails, then gives up: the jump out of the
// loop reaches the end of the function without cancelling.
func KeepAlive(interval time.Duration, done <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background()) // want "`cancel` from `context.WithCancel` is not called on every path: the end of the function leaves the context alive"
	s, err := open(ctx)
	if err != nil {
		cancel()
		return
	}
	for {
		select {
		case <-time.After(interval):
			if err := s.Send(); err != nil {
				goto out
			}
		case <-done:
			cancel()
			return
		}
	}
out:
	println("stream failed")
}
