package randomize

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// auditLog buffers audit events and hands them to the sink in batches from
// a single background writer, so that a slow audit store never holds up an
// allocation that has already been committed.
type auditLog struct {
	sink    AuditSink
	batch   int
	timeout time.Duration
	onError func(error)

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []AuditEvent
	closed bool

	done chan struct{}
}

func newAuditLog(sink AuditSink, batch int, timeout time.Duration, onError func(error)) *auditLog {
	a := &auditLog{
		sink:    sink,
		batch:   batch,
		timeout: timeout,
		onError: onError,
		done:    make(chan struct{}),
	}
	a.cond = sync.NewCond(&a.mu)
	go a.run()
	return a
}

// record queues an event for the writer.
func (a *auditLog) record(ev AuditEvent) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return fmt.Errorf("audit: %w", ErrClosed)
	}
	a.queue = append(a.queue, ev)
	a.cond.Signal()
	return nil
}

// next blocks until there is something to write or the log is closed. It
// returns the next batch and whether the writer should stop afterwards.
func (a *auditLog) next() ([]AuditEvent, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for len(a.queue) == 0 && !a.closed {
		a.cond.Wait()
	}
	n := len(a.queue)
	if n > a.batch {
		n = a.batch
	}
	batch := make([]AuditEvent, n)
	copy(batch, a.queue[:n])
	a.queue = a.queue[n:]
	return batch, a.closed && len(a.queue) == 0
}

func (a *auditLog) run() {
	defer close(a.done)
	for {
		batch, last := a.next()
		if len(batch) > 0 {
			a.write(batch)
		}
		if last {
			return
		}
	}
}

func (a *auditLog) write(batch []AuditEvent) {
	ctx, cancel := context.WithTimeout(context.Background(), a.timeout)
	defer cancel()
	if err := a.sink.Append(ctx, batch); err != nil {
		if a.onError != nil {
			a.onError(fmt.Errorf("audit: append %d events: %w", len(batch), err))
		}
	}
}

// close stops accepting events and waits for the queue to drain.
func (a *auditLog) close(ctx context.Context) error {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	a.cond.Broadcast()

	select {
	case <-a.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("audit: waiting for flush: %w", ctx.Err())
	}
}
