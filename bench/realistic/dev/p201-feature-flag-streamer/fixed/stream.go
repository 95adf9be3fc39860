package flags

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// EventKind identifies the type of a stream event.
type EventKind string

// Stream event kinds.
const (
	EventPut   EventKind = "put"   // full replacement of all flags
	EventPatch EventKind = "patch" // upsert of a single flag
)

// Event is one message on the flag stream.
type Event struct {
	Kind  EventKind
	Flags []Flag // EventPut
	Flag  Flag   // EventPatch
}

// streamLoop keeps a stream open, forwarding its events to applyLoop and
// reconnecting with backoff when the connection drops.
func (c *Client) streamLoop(ctx context.Context) {
	defer close(c.done)
	defer close(c.events)
	for attempt := 0; ; attempt++ {
		err := c.connectAndConsume(ctx)
		if errors.Is(err, ErrUnauthorized) {
			// Retrying with a rejected key would only hammer the service;
			// keep serving the last known flags.
			c.setStatus(StatusOff, err)
			return
		}
		if ctx.Err() == nil {
			c.setStatus(StatusInterrupted, err)
		}
		if !c.sleep(ctx, c.backoff(attempt)) {
			return
		}
	}
}

func (c *Client) connectAndConsume(ctx context.Context) error {
	stream, err := c.cfg.Source.Connect(ctx, c.cfg.SDKKey)
	if err != nil {
		return fmt.Errorf("flags: connect: %w", err)
	}
	defer stream.Close()

	// Unblock Recv when the client is closed.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-ctx.Done():
			stream.Close()
		case <-stop:
		}
	}()

	for {
		ev, err := stream.Recv()
		if err != nil {
			return fmt.Errorf("flags: stream: %w", err)
		}
		select {
		case c.events <- ev:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.InitialBackoff
	for i := 0; i < attempt && d < c.cfg.MaxBackoff; i++ {
		d *= 2
	}
	if d > c.cfg.MaxBackoff {
		d = c.cfg.MaxBackoff
	}
	return d
}

// sleep waits for d and reports whether the client is still running.
func (c *Client) sleep(ctx context.Context, d time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case <-c.cfg.Clock.After(d):
		return true
	case <-ctx.Done():
		return false
	}
}

// applyLoop applies stream events to the local flag store in order and
// notifies change listeners outside the lock.
func (c *Client) applyLoop() {
	for ev := range c.events {
		changed := c.apply(ev)
		if ev.Kind == EventPut {
			c.setStatus(StatusValid, nil)
			c.readyOnce.Do(func() { close(c.ready) })
		}
		if c.cfg.OnFlagChange != nil {
			for _, key := range changed {
				c.cfg.OnFlagChange(key)
			}
		}
	}
}

// apply updates the store and returns the keys whose definition changed.
func (c *Client) apply(ev Event) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var changed []string
	switch ev.Kind {
	case EventPut:
		next := make(map[string]*Flag, len(ev.Flags))
		for i := range ev.Flags {
			f := ev.Flags[i]
			if old, ok := c.flags[f.Key]; !ok || old.Version != f.Version {
				changed = append(changed, f.Key)
			}
			next[f.Key] = &f
		}
		for key := range c.flags {
			if _, ok := next[key]; !ok {
				changed = append(changed, key)
			}
		}
		c.flags = next
	case EventPatch:
		if old, ok := c.flags[ev.Flag.Key]; ok && old.Version >= ev.Flag.Version {
			return nil
		}
		f := ev.Flag
		c.flags[f.Key] = &f
		changed = append(changed, f.Key)
	}
	return changed
}
