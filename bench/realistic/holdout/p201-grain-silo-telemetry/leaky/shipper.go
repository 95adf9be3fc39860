package silotelemetry

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// PermanentError marks an upload failure that retrying will not fix, such as a
// rejected payload or revoked credentials.
type PermanentError struct {
	Err error
}

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

func (c *Collector) ship() {
	defer close(c.done)
	for {
		c.mu.Lock()
		for len(c.pending) < c.cfg.BatchSize && !c.closed {
			c.cond.Wait() // leak: Close returns on a failed final flush before setting closed and broadcasting
		}
		batch := c.takeLocked(c.cfg.BatchSize)
		closed := c.closed
		c.mu.Unlock()

		if len(batch) > 0 {
			ctx, cancel := context.WithTimeout(context.Background(), c.cfg.UploadTimeout)
			if err := c.upload(ctx, batch); err != nil {
				c.log.Printf("silo %s: background upload of %d readings failed: %v", c.cfg.SiloID, len(batch), err)
			}
			cancel()
		}
		if closed {
			c.mu.Lock()
			remaining := len(c.pending)
			c.mu.Unlock()
			if remaining == 0 {
				return
			}
		}
	}
}

func (c *Collector) upload(ctx context.Context, batch []Reading) error {
	var err error
	for attempt := 0; attempt <= c.cfg.MaxRetries; attempt++ {
		if attempt > 0 {
			wait := c.cfg.RetryBackoff * time.Duration(1<<uint(attempt-1))
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				c.recordDrop(len(batch))
				return fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
			}
		}
		err = c.up.Upload(ctx, c.cfg.SiloID, batch)
		if err == nil {
			c.mu.Lock()
			c.stats.Uploaded += len(batch)
			c.stats.Batches++
			c.mu.Unlock()
			return nil
		}
		var perm *PermanentError
		if errors.As(err, &perm) {
			break
		}
		c.log.Printf("silo %s: upload attempt %d/%d: %v", c.cfg.SiloID, attempt+1, c.cfg.MaxRetries+1, err)
	}
	c.recordDrop(len(batch))
	return err
}

func (c *Collector) recordDrop(n int) {
	c.mu.Lock()
	c.stats.Dropped += n
	c.mu.Unlock()
}
