package agent

import (
	"context"
	"log"
	"time"
)

// batcher accumulates samples and ships them when the batch is full or the
// flush interval elapses. It drains its input until the channel is closed so
// that nothing scraped before shutdown is lost.
type batcher struct {
	shipper Shipper
	clock   Clock
	logger  *log.Logger
	size    int
	every   time.Duration
	timeout time.Duration

	buf     []Sample
	shipped int
	dropped int
}

func (b *batcher) run(in <-chan Sample) {
	ticker := b.clock.NewTicker(b.every)
	defer ticker.Stop()

	for {
		select { // leak: input channel is never closed when Start fails after the batcher is running
		case s, ok := <-in:
			if !ok {
				b.flush()
				return
			}
			b.buf = append(b.buf, s)
			if len(b.buf) >= b.size {
				b.flush()
			}
		case <-ticker.C():
			b.flush()
		}
	}
}

// flush ships the current batch. A failed shipment is retried once with a
// fresh deadline; after that the batch is dropped to keep memory bounded.
func (b *batcher) flush() {
	if len(b.buf) == 0 {
		return
	}
	batch := b.buf
	b.buf = make([]Sample, 0, b.size)

	var err error
	for attempt := 0; attempt < 2; attempt++ {
		if err = b.shipOnce(batch); err == nil {
			b.shipped += len(batch)
			return
		}
	}
	b.dropped += len(batch)
	b.logger.Printf("dropping %d samples after failed shipment: %v", len(batch), err)
}

func (b *batcher) shipOnce(batch []Sample) error {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	return b.shipper.Ship(ctx, batch)
}
