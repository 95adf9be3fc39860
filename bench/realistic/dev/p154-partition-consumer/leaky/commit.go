package partition

import (
	"context"
	"fmt"
	"time"
)

// commitTimeout bounds one commit. Commits use their own context so that the
// final commit still happens after the consumer's context is cancelled.
const commitTimeout = 2 * time.Second

// commitLoop records the latest acknowledged offset and commits it every
// commitEvery, and once more when acks is closed.
func (c *Consumer) commitLoop(acks <-chan int64) error {
	ticker := time.NewTicker(c.commitEvery)
	defer ticker.Stop()

	var pending, last int64 = -1, -1
	flush := func() error {
		if pending == last {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
		defer cancel()
		if err := c.offsets.Commit(ctx, pending); err != nil {
			return fmt.Errorf("partition: commit offset %d: %w", pending, err)
		}
		last = pending
		return nil
	}

	for {
		select { // leak: acks is only closed when consume succeeds, so after a handler error this loop never ends
		case next, ok := <-acks:
			if !ok {
				return flush()
			}
			pending = next
		case <-ticker.C:
			if err := flush(); err != nil {
				c.logger.Print(err)
			}
		}
	}
}
