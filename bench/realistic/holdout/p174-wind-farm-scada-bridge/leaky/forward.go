package scada

import (
	"context"
	"fmt"
	"time"
)

// forward writes batches to the historian until batches is closed. It
// deliberately does not watch the Run context so that batches flushed
// during shutdown still reach the historian.
func (b *Bridge) forward(batches <-chan []Sample) {
	for batch := range batches { // leak: nothing closes batches once Run gives up on the gateway
		if err := b.writeWithRetry(batch); err != nil {
			b.dropped.Add(uint64(len(batch)))
			b.cfg.Logger.Printf("scada: dropping %d samples: %v", len(batch), err)
			continue
		}
		b.forwarded.Add(uint64(len(batch)))
	}
}

func (b *Bridge) writeWithRetry(batch []Sample) error {
	backoff := 100 * time.Millisecond
	var err error
	for attempt := 0; attempt <= b.cfg.WriteRetries; attempt++ {
		if attempt > 0 {
			time.Sleep(backoff)
			backoff *= 2
		}
		ctx, cancel := context.WithTimeout(context.Background(), b.cfg.WriteTimeout)
		err = b.cfg.Historian.WriteBatch(ctx, batch)
		cancel()
		if err == nil {
			return nil
		}
		b.writeFailures.Add(1)
	}
	return fmt.Errorf("historian write failed after %d attempts: %w", b.cfg.WriteRetries+1, err)
}
