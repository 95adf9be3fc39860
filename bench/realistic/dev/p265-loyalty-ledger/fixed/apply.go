package ledger

import (
	"context"
	"errors"
	"fmt"
)

// call tracks an event that is currently being applied, so that concurrent
// deliveries of the same event wait for the first one instead of racing it.
type call struct {
	done  chan struct{}
	entry Entry
	err   error
}

// claim registers eventID as in flight. It reports whether the caller is the
// leader that must apply the event; followers wait on the returned call.
func (l *Ledger) claim(eventID string) (c *call, leader bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.inflight[eventID]; ok {
		return c, false
	}
	c = &call{done: make(chan struct{})}
	l.inflight[eventID] = c
	return c, true
}

// Apply applies a single event. Applying an event that was already applied
// returns the original entry with Duplicate set.
func (l *Ledger) Apply(ctx context.Context, ev Event) (Result, error) {
	if err := ev.validate(); err != nil {
		return Result{}, err
	}
	c, leader := l.claim(ev.ID)
	if !leader {
		return l.follow(c)
	}
	return l.lead(ctx, ev, c)
}

// lead applies ev on behalf of every concurrent delivery of it.
func (l *Ledger) lead(ctx context.Context, ev Event, c *call) (Result, error) {
	res, err := l.applyOnce(ctx, ev)
	c.entry, c.err = res.Entry, err

	// Completed events are deduplicated by the store; the in-flight entry
	// only has to live while the leader is working.
	l.mu.Lock()
	delete(l.inflight, ev.ID)
	l.mu.Unlock()
	close(c.done)

	if err != nil {
		return Result{}, fmt.Errorf("apply event %s: %w", ev.ID, err)
	}
	return res, nil
}

// follow waits for the leader of a concurrent delivery and reports its
// outcome as a duplicate.
func (l *Ledger) follow(c *call) (Result, error) {
	<-c.done
	if c.err != nil {
		return Result{}, fmt.Errorf("concurrent delivery failed: %w", c.err)
	}
	return Result{Entry: c.entry, Duplicate: true}, nil
}

// applyOnce posts ev unless the store already has it, retrying optimistic
// concurrency conflicts.
func (l *Ledger) applyOnce(ctx context.Context, ev Event) (Result, error) {
	if prev, ok, err := l.store.Lookup(ctx, ev.ID); err != nil {
		return Result{}, fmt.Errorf("lookup: %w", err)
	} else if ok {
		return Result{Entry: prev, Duplicate: true}, nil
	}

	delta := ev.Points
	if ev.Kind == Redeem {
		delta = -delta
	}

	var lastErr error
	for attempt := 0; attempt <= l.maxRetries; attempt++ {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		bal, err := l.store.Balance(ctx, ev.Account)
		if err != nil {
			return Result{}, fmt.Errorf("read balance of %s: %w", ev.Account, err)
		}
		if bal+delta < 0 {
			return Result{}, fmt.Errorf("%w: account %s has %d, needs %d",
				ErrInsufficientPoints, ev.Account, bal, ev.Points)
		}
		e := Entry{
			EventID:  ev.ID,
			Account:  ev.Account,
			Delta:    delta,
			Balance:  bal + delta,
			PostedAt: l.clock.Now(),
		}
		err = l.store.Post(ctx, e, bal)
		if err == nil {
			return Result{Entry: e}, nil
		}
		if !errors.Is(err, ErrConflict) {
			return Result{}, fmt.Errorf("post entry: %w", err)
		}
		lastErr = err
	}
	return Result{}, fmt.Errorf("gave up after %d attempts: %w", l.maxRetries+1, lastErr)
}

// ProcessBatch applies a batch of events as delivered by the bus. The batch
// is rejected on the first failure so the bus redelivers it; events that were
// applied before the failure are absorbed as duplicates on redelivery.
// Results are returned in the order of events.
func (l *Ledger) ProcessBatch(ctx context.Context, events []Event) ([]Result, error) {
	for _, ev := range events {
		if err := ev.validate(); err != nil {
			return nil, err
		}
	}

	type outcome struct {
		idx int
		res Result
		err error
	}
	out := make(chan outcome, len(events))
	sem := make(chan struct{}, l.concurrency)

	for i, ev := range events {
		// Claim in delivery order so that the first copy of a duplicated
		// event is always the one that gets applied.
		c, leader := l.claim(ev.ID)
		go func(i int, ev Event) {
			o := outcome{idx: i}
			if leader {
				sem <- struct{}{}
				o.res, o.err = l.lead(ctx, ev, c)
				<-sem
			} else {
				o.res, o.err = l.follow(c)
			}
			out <- o
		}(i, ev)
	}

	results := make([]Result, len(events))
	for range events {
		o := <-out
		if o.err != nil {
			return nil, fmt.Errorf("batch rejected at event %d (%s): %w", o.idx, events[o.idx].ID, o.err)
		}
		results[o.idx] = o.res
	}
	return results, nil
}
