package beds

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// wardFeed delivers occupancy updates for one ward to its notifier on a
// dedicated goroutine so a slow display never holds up patient movements.
type wardFeed struct {
	ward     string
	notifier WardNotifier
	timeout  time.Duration
	onError  func(ward string, err error)

	updates chan Occupancy
	done    chan struct{}
	dropped uint64
}

func newWardFeed(ward string, n WardNotifier, buffer int, timeout time.Duration, onError func(string, error)) *wardFeed {
	if buffer < 1 {
		buffer = 1
	}
	return &wardFeed{
		ward:     ward,
		notifier: n,
		timeout:  timeout,
		onError:  onError,
		updates:  make(chan Occupancy, buffer),
		done:     make(chan struct{}),
	}
}

func (f *wardFeed) start() { go f.run() }

func (f *wardFeed) run() {
	defer close(f.done)
	for occ := range f.updates { // leak: replaced feed's channel is never closed
		ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
		err := f.notifier.Push(ctx, occ)
		cancel()
		if err != nil && f.onError != nil {
			f.onError(f.ward, fmt.Errorf("push occupancy seq %d to ward %s: %w", occ.Seq, f.ward, err))
		}
	}
}

// offer queues occ without blocking. Displays only care about the latest
// state, so when the buffer is full the oldest pending update is discarded.
func (f *wardFeed) offer(occ Occupancy) {
	for {
		select {
		case f.updates <- occ:
			return
		default:
		}
		select {
		case <-f.updates:
			atomic.AddUint64(&f.dropped, 1)
		default:
		}
	}
}

// stop closes the feed and waits for queued updates to be delivered.
func (f *wardFeed) stop() {
	close(f.updates)
	<-f.done
}

// Dropped reports how many updates were superseded before delivery.
func (f *wardFeed) Dropped() uint64 { return atomic.LoadUint64(&f.dropped) }
