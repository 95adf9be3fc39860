package bellows

import (
	"context"
	"fmt"
)

// AfterStrokes returns a channel that receives nil once n more strokes have
// been delivered, or the reason the controller stopped first. The channel
// is buffered and receives exactly one value.
func (c *Controller) AfterStrokes(n int) <-chan error {
	out := make(chan error, 1)
	if n <= 0 {
		out <- nil
		return out
	}

	c.mu.Lock()
	target := c.stats.Strokes + n
	c.mu.Unlock()

	go func() {
		c.mu.Lock()
		for c.stats.Strokes < target && !c.stopped {
			c.cond.Wait()
		}
		var err error
		if c.stats.Strokes < target {
			err = c.reason
			if err == nil {
				err = ErrStopped
			}
		}
		c.mu.Unlock()
		out <- err
	}()
	return out
}

// WaitStrokes blocks until n more strokes have been delivered, the
// controller stops, or ctx is done.
func (c *Controller) WaitStrokes(ctx context.Context, n int) error {
	select {
	case err := <-c.AfterStrokes(n):
		return err
	case <-ctx.Done():
		return fmt.Errorf("bellows: waiting for %d strokes: %w", n, ctx.Err())
	}
}
