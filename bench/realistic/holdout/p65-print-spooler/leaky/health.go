package spool

import (
	"context"
	"time"
)

// statusTimeout bounds a single printer status query.
const statusTimeout = 2 * time.Second

// startHealthChecks polls every printer in the background and marks it
// healthy or not, so that dispatch skips printers that are jammed or offline.
func (s *Spooler) startHealthChecks(ctx context.Context) {
	go func() {
		t := time.NewTicker(s.healthEvery)
		defer t.Stop()
		for {
			select { // leak: Close only cancels ctx when the drain times out, so after a clean shutdown nothing ends this loop
			case <-ctx.Done():
				return
			case <-t.C:
				s.checkAll(ctx)
			}
		}
	}()
}

func (s *Spooler) checkAll(ctx context.Context) {
	for _, p := range s.printers {
		cctx, cancel := context.WithTimeout(ctx, statusTimeout)
		err := p.Status(cctx)
		cancel()
		s.setHealthy(p.Name(), err == nil)
	}
}
