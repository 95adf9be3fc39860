package chatindex

import (
	"context"
	"fmt"
	"time"
)

const storeTimeout = 5 * time.Second

func (ix *Indexer) flushLoop() {
	defer close(ix.flushed)
	for {
		batch, ok := ix.nextBatch()
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		err := ix.store.Index(ctx, batch)
		cancel()

		ix.mu.Lock()
		if err != nil {
			ix.err = fmt.Errorf("chatindex: index %d messages: %w", len(batch), err)
			ix.cond.Broadcast()
			ix.mu.Unlock()
			return
		}
		ix.cond.Broadcast()
		ix.mu.Unlock()
	}
}

// nextBatch waits for messages and takes up to batchSize of them. It reports
// false once the indexer is closed and drained.
func (ix *Indexer) nextBatch() ([]Message, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for len(ix.pending) == 0 && !ix.closed {
		ix.cond.Wait()
	}
	if len(ix.pending) == 0 {
		return nil, false
	}
	n := len(ix.pending)
	if n > ix.batchSize {
		n = ix.batchSize
	}
	batch := make([]Message, n)
	copy(batch, ix.pending)
	ix.pending = append(ix.pending[:0], ix.pending[n:]...)
	return batch, true
}
