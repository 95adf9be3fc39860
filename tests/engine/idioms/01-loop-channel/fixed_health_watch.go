package fixed_health_watch

import (
	"context"
	"errors"
	"time"
)

// run: ctx, cancel := context.WithCancel(context.Background()); cancel(); _ = WatchHealth(ctx, "db:5432", 3)

type status struct {
	addr    string
	healthy bool
	latency time.Duration
}

func probe(addr string) status {
	start := time.Now()
	time.Sleep(10 * time.Millisecond) // a round trip to the backend
	return status{addr: addr, healthy: addr != "", latency: time.Since(start)}
}

// WatchHealth probes addr up to rounds times and fails on the first unhealthy answer.
func WatchHealth(ctx context.Context, addr string, rounds int) error {
	for i := 0; i < rounds; i++ {
		resp := make(chan status, 1) // the probe can finish after we gave up
		go func() {
			resp <- probe(addr)
		}()
		select {
		case st := <-resp:
			if !st.healthy {
				return errors.New("unhealthy: " + st.addr)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
