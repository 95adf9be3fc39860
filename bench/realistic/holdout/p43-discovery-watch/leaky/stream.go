package discovery

import (
	"context"
	"time"
)

// snapshot is what a watch stream delivers: either a new instance list or
// the error of a failed query.
type snapshot struct {
	instances []Instance
	index     uint64
	err       error
}

// watchStream repeatedly runs a blocking query and delivers every change.
type watchStream struct {
	updates <-chan snapshot
	cancel  context.CancelFunc
}

// openWatch starts watching service from index. Stop must be called to
// release it.
func openWatch(src Source, service string, index uint64, backoff time.Duration) *watchStream {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan snapshot)
	go pump(ctx, src, service, index, backoff, ch)
	return &watchStream{updates: ch, cancel: cancel}
}

// Stop ends the stream; its updates channel is closed shortly after.
func (s *watchStream) Stop() { s.cancel() }

func pump(ctx context.Context, src Source, service string, index uint64, backoff time.Duration, out chan<- snapshot) {
	defer close(out)
	for {
		insts, next, err := src.Query(ctx, service, index)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			select {
			case out <- snapshot{err: err}:
			case <-ctx.Done():
				return
			}
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			continue
		}
		if next == index {
			continue // registry wait time elapsed without a change
		}
		index = next
		select { // leak: a superseded stream is never stopped, so this send waits on a channel nobody reads
		case out <- snapshot{instances: insts, index: next}:
		case <-ctx.Done():
			return
		}
	}
}
