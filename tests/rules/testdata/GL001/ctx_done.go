package ctxdone

import (
	"context"
	"time"
)

// run: ctx, cancel := context.WithCancel(context.Background()); cancel(); _, _ = Lookup(ctx, "x")

type result struct {
	addr string
	err  error
}

func resolve(host string) result {
	time.Sleep(20 * time.Millisecond)
	return result{addr: host}
}

func Lookup(ctx context.Context, host string) (string, error) {
	results := make(chan result)
	go func() { results <- resolve(host) }() // want "blocks forever sending on `results` when `<-ctx.Done\\(\\)` wins"
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-results:
		return r.addr, r.err
	}
}
