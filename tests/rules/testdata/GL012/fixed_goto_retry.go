package gotoretry

import (
	"context"
	"errors"
	"time"
)

type stream interface{ Send() error }

func open(ctx context.Context) (stream, error) { return nil, errors.New("unavailable") }

// KeepAlive reopens its stream after each failure: every way out of the loop
// cancels first, then returns or starts over at retry. The loop never falls
// through to the end of the function.
func KeepAlive(interval time.Duration, done <-chan struct{}) {
retry:
	ctx, cancel := context.WithCancel(context.Background())
	s, err := open(ctx)
	if err != nil {
		cancel()
		time.Sleep(interval)
		goto retry
	}
	for {
		select {
		case <-time.After(interval):
			if err := s.Send(); err != nil {
				cancel()
				goto retry
			}
		case <-done:
			cancel()
			return
		}
	}
}
