package flags

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrStale is reported when the stream has been silent for longer than the
// heartbeat interval.
var ErrStale = errors.New("flags: stream went silent")

// sync keeps the cache connected until ctx ends, reconnecting after errors
// and silences. Each new stream resumes after the last applied revision.
func (c *Cache) sync(ctx context.Context) {
	defer close(c.stopped)
	for {
		st, err := c.dial(ctx, c.Revision())
		if err == nil {
			err = c.consume(st)
		}
		if ctx.Err() != nil {
			return
		}
		c.logger.Printf("flags: %v; reconnecting in %v", err, c.backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(c.backoff):
		}
	}
}

// consume applies updates from st until it fails or goes silent, and closes
// it. A stream dialled with a context ends by itself when that context ends.
func (c *Cache) consume(st Stream) error {
	defer st.Close()

	updates := make(chan Update)
	errc := make(chan error)
	done := make(chan struct{})
	defer close(done)
	go receive(st, updates, errc, done)

	idle := time.NewTimer(c.heartbeat)
	defer idle.Stop()
	for {
		select {
		case u := <-updates:
			c.apply(u)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(c.heartbeat)
		case err := <-errc:
			return fmt.Errorf("flags: stream: %w", err)
		case <-idle.C:
			return fmt.Errorf("%w for %v", ErrStale, c.heartbeat)
		}
	}
}

// receive turns the blocking Recv calls of st into channel sends, so that
// consume can wait for an update and a silence timeout at once.
func receive(st Stream, updates chan<- Update, errc chan<- error, done <-chan struct{}) {
	for {
		u, err := st.Recv()
		if err != nil {
			select {
			case errc <- err:
			case <-done:
			}
			return
		}
		select {
		case updates <- u:
		case <-done:
			return
		}
	}
}
