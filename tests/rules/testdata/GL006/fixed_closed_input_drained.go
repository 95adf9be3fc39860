package fixedclosedinputdrained

import (
	"context"
	"time"
)

// The refresher runs once per trigger. On the way out the loop closes the trigger,
// which ends the refresher's range after the run under way, and takes that run's
// result (or the close) before returning.
func refreshLoop(ctx context.Context, refresh func()) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	trigger := make(chan struct{})
	done := make(chan struct{})
	go refresher(trigger, done, refresh)
	for {
		select {
		case <-tick.C:
			select {
			case trigger <- struct{}{}:
			default:
			}
		case <-done:
		case <-ctx.Done():
			close(trigger)
			<-done
			return
		}
	}
}

func refresher(trigger <-chan struct{}, done chan<- struct{}, refresh func()) {
	defer close(done)
	for range trigger {
		refresh()
		done <- struct{}{}
	}
}

// The same with the refresher written in place.
func refreshInPlace(ctx context.Context, refresh func()) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	trigger := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range trigger {
			refresh()
			done <- struct{}{}
		}
	}()
loop:
	for {
		select {
		case <-tick.C:
			trigger <- struct{}{}
		case <-done:
		case <-ctx.Done():
			close(trigger)
			break loop
		}
	}
	<-done
}
