package closedinputnotdrained

import (
	"context"
	"time"
)

// run: ctx, cancel := context.WithCancel(context.Background()); go func() { time.Sleep(30 * time.Millisecond); cancel() }(); refreshLoop(ctx, func() { time.Sleep(50 * time.Millisecond) })

// The loop closes the trigger on its way out but does not wait for the run under
// way: that run's send has no receiver.
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
			return
		}
	}
}

func refresher(trigger <-chan struct{}, done chan<- struct{}, refresh func()) {
	defer close(done)
	for range trigger {
		refresh()
		done <- struct{}{} // want "goroutine `refresher` blocks forever sending on `done` once `refreshLoop` stops consuming at line 26: closing `trigger` ends the producer's range only after the sends under way"
	}
}

// A buffered trigger still hands out what it holds after the close: one receive does
// not take every run's result.
func refreshBuffered(ctx context.Context, refresh func()) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	trigger := make(chan struct{}, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range trigger {
			refresh()
			done <- struct{}{} // want "goroutine blocks forever sending on `done` once `refreshBuffered` stops consuming at line 60: closing `trigger`"
		}
	}()
	for {
		select {
		case <-tick.C:
			trigger <- struct{}{}
		case <-done:
		case <-ctx.Done():
			close(trigger)
			<-done
			return
		}
	}
}
