package interlock

import (
	"context"
	"fmt"
	"time"
)

func (ix *Interlock) poll(ctx context.Context) {
	defer close(ix.done)
	t := time.NewTicker(ix.cfg.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := ix.pollOnce(ctx); err != nil && ctx.Err() == nil {
				ix.cfg.Logger.Printf("circuit poll: %v", err)
			}
		}
	}
}

// pollOnce reads every circuit and records the result. A circuit that
// cannot be read is recorded as failed; the first read error is returned.
func (ix *Interlock) pollOnce(ctx context.Context) error {
	var firstErr error
	for _, id := range ix.order {
		if err := ctx.Err(); err != nil {
			return err
		}
		state, err := ix.circuits.State(ctx, id)
		if err != nil {
			state = CircuitFailed
			if firstErr == nil {
				firstErr = fmt.Errorf("block %s: %w", id, err)
			}
		}
		ix.record(id, state, time.Now())
	}
	return firstErr
}

func (ix *Interlock) record(id BlockID, state CircuitState, at time.Time) {
	b := ix.blocks[id]
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.circuit != state {
		ix.cfg.Logger.Printf("block %s: %v -> %v", id, b.circuit, state)
	}
	b.circuit = state
	b.checkedAt = at
}
