package consumer

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// partitionConsumer reads one partition. A fetch goroutine long-polls the
// broker and feeds a small prefetch buffer; a process goroutine drains the
// buffer into the handler and tracks the offset to commit.
type partitionConsumer struct {
	group     string
	topic     string
	partition int
	broker    Broker
	handler   Handler
	cfg       *Config

	ctx    context.Context
	cancel context.CancelFunc
	msgs   chan Message
	done   chan struct{} // closed when processLoop returns

	mu   sync.Mutex
	next int64 // offset after the last fully handled message
	last int64 // offset most recently committed
}

func newPartitionConsumer(parent context.Context, g *Group, partition int, offset int64) *partitionConsumer {
	ctx, cancel := context.WithCancel(parent)
	return &partitionConsumer{
		group:     g.cfg.Group,
		topic:     g.cfg.Topic,
		partition: partition,
		broker:    g.broker,
		handler:   g.handler,
		cfg:       &g.cfg,
		ctx:       ctx,
		cancel:    cancel,
		msgs:      make(chan Message, g.cfg.Prefetch),
		done:      make(chan struct{}),
		next:      offset,
		last:      offset,
	}
}

func (pc *partitionConsumer) start() {
	pc.mu.Lock()
	offset := pc.next
	pc.mu.Unlock()
	go pc.fetchLoop(offset)
	go pc.processLoop()
}

// fetchLoop long-polls the broker and pushes messages into the prefetch
// buffer. Transient fetch errors are reported and retried after a backoff.
func (pc *partitionConsumer) fetchLoop(offset int64) {
	for {
		batch, err := pc.broker.Fetch(pc.ctx, pc.topic, pc.partition, offset, pc.cfg.FetchSize)
		if err != nil {
			if pc.ctx.Err() != nil {
				return
			}
			pc.report(fmt.Errorf("fetch %s/%d at %d: %w", pc.topic, pc.partition, offset, err))
			if !sleepCtx(pc.ctx, pc.cfg.RetryBackoff) {
				return
			}
			continue
		}
		for _, m := range batch {
			pc.msgs <- m // leak: process loop is gone after revoke, nobody drains the prefetch buffer
			offset = m.Offset + 1
		}
	}
}

// processLoop hands buffered messages to the handler until the partition is
// revoked.
func (pc *partitionConsumer) processLoop() {
	defer close(pc.done)
	for {
		select {
		case <-pc.ctx.Done():
			return
		case m := <-pc.msgs:
			if pc.ctx.Err() != nil {
				// Revoked while the message sat in the buffer; the next
				// owner will read it again from the committed offset.
				return
			}
			pc.handle(m)
		}
	}
}

func (pc *partitionConsumer) handle(m Message) {
	if err := pc.handler.Handle(pc.ctx, m); err != nil {
		if pc.ctx.Err() != nil {
			// Interrupted by a revoke: do not mark the message as
			// consumed so that it is redelivered to the new owner.
			return
		}
		pc.report(fmt.Errorf("handle %s/%d at %d: %w", m.Topic, m.Partition, m.Offset, err))
	}
	pc.mu.Lock()
	pc.next = m.Offset + 1
	pc.mu.Unlock()
}

// commit records the consumer's progress if it advanced since the last
// commit.
func (pc *partitionConsumer) commit(ctx context.Context) error {
	pc.mu.Lock()
	next, last := pc.next, pc.last
	pc.mu.Unlock()
	if next == last {
		return nil
	}
	if err := pc.broker.Commit(ctx, pc.group, pc.topic, pc.partition, next); err != nil {
		return fmt.Errorf("commit %s/%d at %d: %w", pc.topic, pc.partition, next, err)
	}
	pc.mu.Lock()
	if pc.last < next {
		pc.last = next
	}
	pc.mu.Unlock()
	return nil
}

// stop cancels the partition and waits for the message in flight to finish
// so that the final offset is stable, then commits it. The fetch goroutine
// is not waited for: it may be parked in a long poll and exits on its own
// once it observes the cancellation.
func (pc *partitionConsumer) stop(ctx context.Context) error {
	pc.cancel()
	select {
	case <-pc.done:
	case <-ctx.Done():
		return fmt.Errorf("stop %s/%d: %w", pc.topic, pc.partition, ctx.Err())
	}
	return pc.commit(ctx)
}

func (pc *partitionConsumer) report(err error) {
	if pc.cfg.OnError != nil {
		pc.cfg.OnError(pc.partition, err)
	}
}

// sleepCtx waits for d or until ctx is done. It reports whether the full
// duration elapsed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
