package push

import (
	"context"
	"errors"
)

// queue owns the delivery goroutine for one platform and provider.
type queue struct {
	s        *Sender
	platform Platform
	prov     Provider
	in       chan Message
	done     chan struct{}
}

func newQueue(s *Sender, platform Platform, prov Provider) *queue {
	return &queue{
		s:        s,
		platform: platform,
		prov:     prov,
		in:       make(chan Message, s.queueSize),
		done:     make(chan struct{}),
	}
}

// run delivers queued messages until the input channel is closed. It does
// not wait to fill a batch: whatever is already queued when a message
// arrives is sent along with it, up to maxBatch.
func (q *queue) run() {
	defer close(q.done)
	batch := make([]Message, 0, q.s.maxBatch)
	for msg := range q.in {
		batch = append(batch[:0], msg)
	gather:
		for len(batch) < q.s.maxBatch {
			select {
			case m, ok := <-q.in:
				if !ok {
					break gather
				}
				batch = append(batch, m)
			default:
				break gather
			}
		}
		q.deliver(batch)
	}
}

// deliver sends one batch and processes the per-token results.
func (q *queue) deliver(batch []Message) {
	ctx, cancel := context.WithTimeout(context.Background(), q.s.sendTimeout)
	defer cancel()

	results, err := q.prov.SendBatch(ctx, batch)
	if err != nil {
		q.s.addFailed(len(batch))
		q.s.logger.Printf("push: %s batch of %d failed: %v", q.platform, len(batch), err)
		return
	}
	if len(results) != len(batch) {
		q.s.addFailed(len(batch))
		q.s.logger.Printf("push: %s returned %d results for %d messages", q.platform, len(results), len(batch))
		return
	}
	for _, r := range results {
		switch {
		case r.Err == nil:
			q.s.addDelivered(1)
		case errors.Is(r.Err, ErrUnregistered):
			q.s.addFailed(1)
			q.invalidate(ctx, r.Token)
		default:
			q.s.addFailed(1)
			q.s.logger.Printf("push: %s token %s: %v", q.platform, redact(r.Token), r.Err)
		}
	}
}

func (q *queue) invalidate(ctx context.Context, token string) {
	if err := q.s.store.Invalidate(ctx, q.platform, token); err != nil {
		q.s.logger.Printf("push: invalidate %s token %s: %v", q.platform, redact(token), err)
		return
	}
	q.s.addInvalidated(1)
}

// redact shortens a device token for logging.
func redact(token string) string {
	if len(token) <= 8 {
		return "****"
	}
	return token[:4] + "…" + token[len(token)-4:]
}
