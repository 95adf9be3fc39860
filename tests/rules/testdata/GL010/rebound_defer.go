package rebounddefer

import (
	"errors"
	"sync"
)

// run: _ = Follow(func(int) error { return ErrBadEvent }, 2)

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

// Follow handles events, subscribing again after a failed one; the deferred Close
// was bound to the first feed, which is closed already, and the last one runs on.
func Follow(handle func(int) error, retries int) error {
	feed := Subscribe()
	defer feed.Close()
	for {
		ev := <-feed.C
		if err := handle(ev); err != nil {
			if retries == 0 {
				return err
			}
			retries--
			feed.Close()
			feed = Subscribe() // want "`Subscribe` starts a goroutine, which runs until `Close` stops it; the deferred `feed.Close\\(\\)` at line 42 stops the `feed` it was given first, not this one, so when `Follow` returns at line 47 nothing stops it"
		}
	}
}
