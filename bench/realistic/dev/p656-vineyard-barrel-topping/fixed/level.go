package topping

import (
	"context"
	"time"
)

type levelSample struct {
	pct float64
	err error
	at  time.Time
}

// watchLevel samples the gauge of one barrel until ctx is done and delivers
// each sample on the returned channel.
func (t *Topper) watchLevel(ctx context.Context, barrelID string) <-chan levelSample {
	out := make(chan levelSample)
	go func() {
		defer close(out)
		tick := time.NewTicker(t.cfg.sampleEvery)
		defer tick.Stop()
		for {
			pct, err := t.gauge.FillPercent(ctx, barrelID)
			select {
			case out <- levelSample{pct: pct, err: err, at: t.cfg.now()}:
			case <-ctx.Done():
				return
			}
			select {
			case <-tick.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
