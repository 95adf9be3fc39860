package election

import (
	"context"
	"time"
)

func (e *Elector) run(ctx context.Context) {
	for {
		if !e.campaign(ctx) {
			return
		}
		e.setLeading(true)
		if e.cb.OnStartedLeading != nil {
			e.cb.OnStartedLeading()
		}
		err := e.lead(ctx)
		e.setLeading(false)
		if err != nil {
			e.cfg.Logger.Printf("election %s: stopped leading: %v", e.cfg.Identity, err)
		}
		relCtx, cancel := context.WithTimeout(context.Background(), e.cfg.TTL)
		if err := e.lease.Release(relCtx, e.cfg.Identity); err != nil {
			e.cfg.Logger.Printf("election %s: release: %v", e.cfg.Identity, err)
		}
		cancel()
		if e.cb.OnStoppedLeading != nil {
			e.cb.OnStoppedLeading()
		}
		if ctx.Err() != nil {
			return
		}
	}
}

// campaign tries to take the lease until it succeeds (true) or ctx ends (false).
func (e *Elector) campaign(ctx context.Context) bool {
	t := time.NewTicker(e.cfg.RetryEvery)
	defer t.Stop()
	for {
		ok, err := e.lease.TryAcquire(ctx, e.cfg.Identity, e.cfg.TTL)
		if err != nil {
			e.cfg.Logger.Printf("election %s: acquire: %v", e.cfg.Identity, err)
		}
		if ok {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}

// lead renews the lease at a third of its TTL until the elector resigns or a
// renewal fails.
func (e *Elector) lead(ctx context.Context) error {
	t := time.NewTicker(e.cfg.TTL / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-e.resign:
			return nil
		case <-t.C:
			// A renewal gets its own deadline: it must not be cut short halfway.
			rctx, cancel := context.WithTimeout(context.Background(), e.cfg.TTL/3)
			err := e.lease.Renew(rctx, e.cfg.Identity, e.cfg.TTL)
			cancel()
			if err != nil {
				return err
			}
		}
	}
}
