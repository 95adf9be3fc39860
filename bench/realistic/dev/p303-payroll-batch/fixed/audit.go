package payroll

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// AuditEvent is one entry of a run's audit trail.
type AuditEvent struct {
	RunID      string
	At         time.Time
	Kind       string
	EmployeeID string
	Detail     string
}

// auditTrail buffers audit events for one run and ships them to the sink in
// batches from a background goroutine, so that a slow audit store does not
// slow the pay run down. Close flushes what is left and reports the first
// sink error.
type auditTrail struct {
	sink  AuditSink
	clock Clock
	runID string

	mu      sync.Mutex
	cond    *sync.Cond
	pending []AuditEvent
	closed  bool
	err     error

	done chan struct{}
}

func newAuditTrail(sink AuditSink, clock Clock, runID string) *auditTrail {
	t := &auditTrail{sink: sink, clock: clock, runID: runID, done: make(chan struct{})}
	t.cond = sync.NewCond(&t.mu)
	go t.flushLoop()
	return t
}

// record queues an event. Events recorded after Close are dropped.
func (t *auditTrail) record(kind, employeeID, detail string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.pending = append(t.pending, AuditEvent{
		RunID:      t.runID,
		At:         t.clock.Now(),
		Kind:       kind,
		EmployeeID: employeeID,
		Detail:     detail,
	})
	t.cond.Signal()
}

func (t *auditTrail) flushLoop() {
	defer close(t.done)
	for {
		t.mu.Lock()
		for len(t.pending) == 0 && !t.closed {
			t.cond.Wait()
		}
		if len(t.pending) == 0 {
			t.mu.Unlock()
			return
		}
		batch := t.pending
		t.pending = nil
		t.mu.Unlock()

		if err := t.sink.Append(context.Background(), batch); err != nil {
			t.mu.Lock()
			if t.err == nil {
				t.err = fmt.Errorf("audit: append %d events for run %s: %w", len(batch), t.runID, err)
			}
			t.mu.Unlock()
		}
	}
}

// Close stops accepting events, waits until everything recorded so far has
// been handed to the sink and returns the first sink error, if any.
func (t *auditTrail) Close() error {
	t.mu.Lock()
	t.closed = true
	t.cond.Broadcast()
	t.mu.Unlock()

	<-t.done
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}
