package rebounddefer

import (
	"errors"
	"sync"
)

// ErrBadEvent is what a handler returns for an event it cannot take.
var ErrBadEvent = errors.New("bad event")

// Feed delivers events until it is closed.
type Feed struct {
	C    chan int
	done chan struct{}
	once sync.Once
}

// Subscribe starts a feed whose goroutine runs until Close.
func Subscribe() *Feed {
	f := &Feed{C: make(chan int), done: make(chan struct{})}
	go func() {
		for i := 0; ; i++ {
			select {
			case f.C <- i:
			case <-f.done:
				return
			}
		}
	}()
	return f
}

// Close ends the feed; it may be called more than once.
func (f *Feed) Close() { f.once.Do(func() { close(f.done) }) }

// Follow handles events, subscribing again after a failed one; the deferred closure
// closes whichever feed is the last.
func Follow(handle func(int) error, retries int) error {
	feed := Subscribe()
	defer func() { feed.Close() }()
	for {
		ev := <-feed.C
		if err := handle(ev); err != nil {
			if retries == 0 {
				return err
			}
			retries--
			feed.Close()
			feed = Subscribe()
		}
	}
}
