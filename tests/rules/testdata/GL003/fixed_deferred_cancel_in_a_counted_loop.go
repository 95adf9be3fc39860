package probe

import (
	"context"
	"time"
)

// run: _ = probeAll([]string{"a", "", "b"})

func keepAlive(ctx context.Context, addr string) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = addr
		}
	}
}

// probeAll keeps each address alive while it is checked; a failed check leaves its
// keep-alive to the deferred cancel, which runs when probeAll returns.
func probeAll(addrs []string) int {
	ok := 0
	for _, a := range addrs {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go keepAlive(ctx, a)
		if a == "" {
			continue
		}
		ok++
		cancel()
	}
	return ok
}
