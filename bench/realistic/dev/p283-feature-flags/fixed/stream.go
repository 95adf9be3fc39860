package flags

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"time"
)

// EventKind identifies a message on the flag stream.
type EventKind int

// Stream event kinds.
const (
	EventPut   EventKind = iota + 1 // full snapshot of every flag
	EventPatch                      // one flag added or changed
)

// Event is a decoded message from the flag stream.
type Event struct {
	Kind  EventKind
	Flags []Flag // EventPut
	Flag  Flag   // EventPatch
}

// Stream is an open connection to the flag server. Recv blocks until the next
// event arrives or the stream fails.
type Stream interface {
	Recv() (Event, error)
	Close() error
}

// Transport opens flag streams. The stream must fail once ctx is done.
type Transport interface {
	Open(ctx context.Context, sdkKey string) (Stream, error)
}

// ErrUnauthorized means the server rejected the SDK key; it is not retried.
var ErrUnauthorized = errors.New("flags: sdk key rejected")

// StatusError is returned by transports for a non-2xx HTTP status.
type StatusError struct{ Code int }

func (e *StatusError) Error() string { return fmt.Sprintf("flags: server returned HTTP %d", e.Code) }

// Is makes 401 and 403 responses match ErrUnauthorized.
func (e *StatusError) Is(target error) bool {
	return target == ErrUnauthorized && (e.Code == 401 || e.Code == 403)
}

// run keeps a stream open until the client is closed, reconnecting with
// jittered exponential backoff. It is the only sender on c.updates.
func (c *Client) run() {
	defer close(c.runDone)
	delay := c.cfg.InitialBackoff
	for {
		received, err := c.consume()
		if c.ctx.Err() != nil {
			return
		}
		if errors.Is(err, ErrUnauthorized) {
			c.logf("flags: not retrying: %v", err)
			c.markReady(err)
			return
		}
		if received {
			delay = c.cfg.InitialBackoff
		}
		wait := delay/2 + time.Duration(rand.Int63n(int64(delay/2)+1))
		c.logf("flags: stream interrupted, reconnecting in %v: %v", wait, err)
		t := time.NewTimer(wait)
		select {
		case <-c.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if delay *= 2; delay > 30*c.cfg.InitialBackoff {
			delay = 30 * c.cfg.InitialBackoff
		}
	}
}

// consume reads one stream until it fails, reporting whether any event arrived.
func (c *Client) consume() (received bool, err error) {
	s, err := c.transport.Open(c.ctx, c.cfg.SDKKey)
	if err != nil {
		return false, fmt.Errorf("open stream: %w", err)
	}
	defer s.Close()
	for {
		ev, err := s.Recv()
		if err != nil {
			return received, fmt.Errorf("read stream: %w", err)
		}
		received = true
		select {
		case c.updates <- ev:
		case <-c.ctx.Done():
			return received, c.ctx.Err()
		}
	}
}

// applyUpdates applies stream events to the flag store in order. It runs
// apart from the stream reader so a slow change listener cannot stall reads
// and trip the server's heartbeat timeout.
func (c *Client) applyUpdates() {
	defer close(c.applyDone)
	for ev := range c.updates {
		c.apply(ev)
	}
}
