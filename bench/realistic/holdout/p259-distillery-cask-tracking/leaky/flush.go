package casktrack

import (
	"context"
	"time"
)

func (t *Tracker) run(ctx context.Context) {
	defer close(t.done)
	ticker := time.NewTicker(t.cfg.FlushInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			t.flush(ctx)
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), t.cfg.CloseTimeout)
			t.flush(final)
			cancel()
			return
		}
	}
}

// flush writes pending entries to the ledger. Entries the ledger refuses
// are put back in front of anything recorded since, so the ledger always
// sees them in order.
func (t *Tracker) flush(ctx context.Context) {
	t.mu.Lock() // leak: a read lock left held on an error path blocks the writer forever
	batch := t.pending
	t.pending = nil
	t.mu.Unlock()
	if len(batch) == 0 {
		return
	}

	err := t.cfg.Ledger.Record(ctx, batch)

	t.mu.Lock()
	defer t.mu.Unlock()
	t.flushErr = err
	if err != nil {
		t.log.Printf("casktrack: ledger refused %d entries: %v", len(batch), err)
		t.pending = append(batch, t.pending...)
		return
	}
	t.log.Printf("casktrack: %d entries written to ledger", len(batch))
}
