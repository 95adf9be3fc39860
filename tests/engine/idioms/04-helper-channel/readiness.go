package readiness

import (
	"context"
	"errors"
	"time"
)

// run: probes := 0; _ = WaitReady(context.Background(), func() bool { probes++; return probes >= 2 })

var errNotReady = errors.New("service did not become ready")

const maxProbes = 20

// heartbeat sends the current time every interval.
func heartbeat(interval time.Duration) <-chan time.Time {
	beats := make(chan time.Time)
	go func() {
		for {
			time.Sleep(interval)
			beats <- time.Now() // want "blocks forever"
		}
	}()
	return beats
}

// WaitReady probes on every heartbeat until ready says yes.
func WaitReady(ctx context.Context, ready func() bool) error {
	beats := heartbeat(time.Millisecond)
	for i := 0; i < maxProbes; i++ {
		select {
		case <-beats:
			if ready() {
				return nil
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return errNotReady
}
