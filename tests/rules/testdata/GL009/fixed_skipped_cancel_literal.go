package fixedskippedcancelliteral

import (
	"context"
	"errors"
	"sync"
	"time"
)

// run: r := &Reporter{flush: func() error { return errSinkDown }}; r.Start(); _ = r.Stop()

// errSinkDown is what a flush returns while the metrics sink is unreachable.
var errSinkDown = errors.New("sink down")

// Reporter flushes collected counters every few milliseconds while it runs.
type Reporter struct {
	flush func() error

	mu   sync.Mutex
	stop func()
}

// Start begins periodic flushing.
func (r *Reporter) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.stop = cancel
	r.mu.Unlock()
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				_ = r.flush()
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Stop flushes what is left and ends the periodic flushing.
func (r *Reporter) Stop() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop == nil {
		return nil
	}
	r.stop()
	r.stop = nil
	if err := r.flush(); err != nil {
		return err
	}
	return nil
}
