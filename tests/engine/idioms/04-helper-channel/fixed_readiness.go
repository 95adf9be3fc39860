package fixed_readiness

import (
	"context"
	"errors"
	"time"
)

// run: probes := 0; _ = WaitReady(context.Background(), func() bool { probes++; return probes >= 2 })

var errNotReady = errors.New("service did not become ready")

const maxProbes = 20

// heartbeat sends the current time every interval until ctx is done.
func heartbeat(ctx context.Context, interval time.Duration) <-chan time.Time {
	beats := make(chan time.Time)
	go func() {
		for {
			time.Sleep(interval)
			select {
			case beats <- time.Now():
			case <-ctx.Done():
				return
			}
		}
	}()
	return beats
}

// WaitReady probes on every heartbeat until ready says yes.
func WaitReady(ctx context.Context, ready func() bool) error {
	ctx, stopBeats := context.WithCancel(ctx)
	defer stopBeats() // the heartbeat outlives no probe
	beats := heartbeat(ctx, time.Millisecond)
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
