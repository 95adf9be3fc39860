package dyehouse

import (
	"context"
	"fmt"
	"time"
)

func (c *Controller) sampleWithRetry(ctx context.Context, vat string) (Reading, error) {
	var lastErr error
	for attempt := 0; attempt <= c.cfg.ReadRetries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return Reading{}, ctx.Err()
			case <-time.After(c.cfg.RetryBackoff):
			}
		}
		r, err := c.probe.Sample(vat)
		if err == nil {
			if r.At.IsZero() {
				r.At = c.cfg.Now()
			}
			return r, nil
		}
		lastErr = err
		c.cfg.Logger.Printf("vat %s: probe sample attempt %d failed: %v", vat, attempt+1, err)
	}
	return Reading{}, fmt.Errorf("%w: vat %s: %v", ErrProbeFailed, vat, lastErr)
}

// monitor samples the vat every poll interval and delivers the readings on the
// returned channel. A terminal probe error is delivered on the error channel.
func (c *Controller) monitor(ctx context.Context, vat string) (<-chan Reading, <-chan error) {
	out := make(chan Reading)
	errc := make(chan error, 1)
	go func() {
		defer close(out)
		ticker := time.NewTicker(c.cfg.PollInterval)
		defer ticker.Stop()
		for {
			r, err := c.sampleWithRetry(ctx, vat)
			if err != nil {
				errc <- err
				return
			}
			out <- r // leak: no receiver once RunBatch has returned on a dosing error
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
		}
	}()
	return out, errc
}
