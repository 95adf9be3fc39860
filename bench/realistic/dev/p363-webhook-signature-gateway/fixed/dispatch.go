package webhook

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// keyLock serializes processing of deliveries that share an event id, so
// that a redelivery racing the original is processed at most once.
type keyLock struct {
	mu   sync.Mutex
	refs int
}

// lockEvent acquires the lock for id and returns the function releasing it.
func (g *Gateway) lockEvent(id string) (unlock func()) {
	g.mu.Lock()
	kl, ok := g.locks[id]
	if !ok {
		kl = &keyLock{}
		g.locks[id] = kl
	}
	kl.refs++
	g.mu.Unlock()

	kl.mu.Lock()
	return func() {
		kl.mu.Unlock()
		g.mu.Lock()
		kl.refs--
		if kl.refs == 0 {
			delete(g.locks, id)
		}
		g.mu.Unlock()
	}
}

// dispatch processes one accepted delivery in the background.
func (g *Gateway) dispatch(ev Event) {
	defer func() {
		if r := recover(); r != nil {
			g.cfg.OnFailure(ev, fmt.Errorf("%w: %v", ErrHandlerPanic, r))
		}
	}()

	unlock := g.lockEvent(ev.ID)
	defer unlock()
	done, err := g.cfg.Store.Processed(g.ctx, ev.ID)
	if err != nil {
		g.cfg.OnFailure(ev, fmt.Errorf("dedup lookup: %w", err))
		return
	}
	if done {
		return
	}
	err = g.deliver(g.ctx, ev)
	if err == nil {
		err = g.cfg.Store.MarkProcessed(g.ctx, ev.ID)
	}
	if err != nil {
		g.cfg.OnFailure(ev, err)
	}
}

// deliver calls the handler for ev, retrying retryable errors with
// exponential backoff.
func (g *Gateway) deliver(ctx context.Context, ev Event) error {
	h, ok := g.cfg.Handlers[ev.Type]
	if !ok {
		return nil // event types without a handler are acknowledged and dropped
	}
	backoff := g.cfg.Backoff
	var err error
	for attempt := 1; attempt <= g.cfg.MaxAttempts; attempt++ {
		err = h.Handle(ctx, ev)
		if err == nil || !errors.Is(err, ErrRetryable) {
			break
		}
		if attempt == g.cfg.MaxAttempts {
			break
		}
		select {
		case <-g.cfg.Clock.After(backoff):
		case <-ctx.Done():
			return fmt.Errorf("handle %s after %d attempts: %w", ev.Type, attempt, ctx.Err())
		}
		backoff *= 2
	}
	if err != nil {
		return fmt.Errorf("handle %s: %w", ev.Type, err)
	}
	return nil
}
