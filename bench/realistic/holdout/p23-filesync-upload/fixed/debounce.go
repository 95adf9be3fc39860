package filesync

import (
	"context"
	"time"
)

// debounce merges events per path and emits a batch once no event has arrived
// for quiet. The last operation on a path wins. The returned channel is closed
// when events is closed (after a final flush) or when ctx ends.
func debounce(ctx context.Context, events <-chan Event, quiet time.Duration) <-chan map[string]Op {
	out := make(chan map[string]Op)
	go func() {
		defer close(out)
		pending := make(map[string]Op)
		timer := time.NewTimer(quiet)
		defer timer.Stop()
		if !timer.Stop() {
			<-timer.C
		}
		flush := func() bool {
			if len(pending) == 0 {
				return true
			}
			select {
			case out <- pending:
				pending = make(map[string]Op)
				return true
			case <-ctx.Done():
				return false
			}
		}
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					flush()
					return
				}
				if prev, seen := pending[ev.Path]; seen && prev == Create && ev.Op == Write {
					ev.Op = Create
				}
				pending[ev.Path] = ev.Op
				if !timer.Stop() {
					select {
					case <-timer.C:
					default:
					}
				}
				timer.Reset(quiet)
			case <-timer.C:
				if !flush() {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
