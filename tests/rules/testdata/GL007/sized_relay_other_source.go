package sizedrelayother

import (
	"context"
	"time"
)

// run: _ = Download(context.Background(), []string{"a"}, time.Millisecond); time.Sleep(50 * time.Millisecond)

// ticks yields a value on every tick for as long as anyone reads, however many
// requests there are.
func ticks(ctx context.Context, every time.Duration) <-chan time.Time {
	out := make(chan time.Time)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case now := <-t.C:
				select {
				case out <- now:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Download sizes its buffer by the requests, but relays a source that was not
// handed them: the buffer fills and the relay blocks once nobody reads.
func Download(ctx context.Context, reqs []string, every time.Duration) <-chan time.Time {
	pump := make(chan time.Time, len(reqs))
	go func() {
		defer close(pump)
		source := ticks(ctx, every)
		for {
			select {
			case <-ctx.Done():
				return
			case v := <-source:
				pump <- v // want "goroutine blocks forever sending on `pump` once the consumer stops reading: the send ignores `ctx`"
			}
		}
	}()
	return pump
}
