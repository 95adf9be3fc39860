package checkout

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// plan records the forward steps a saga has completed and therefore what
// has to be undone if it fails.
type plan struct {
	cartID   string
	holds    []Reservation
	chargeID string
	amount   int64
	cause    error
}

// compensate undoes p: the charge is refunded first, then all stock holds
// are released concurrently since they usually live in different
// warehouses.
func (c *Coordinator) compensate(ctx context.Context, p plan) CompensationReport {
	rep := CompensationReport{CartID: p.cartID, Cause: p.cause}
	if p.chargeID != "" {
		err := c.retry(ctx, func(ctx context.Context) error {
			return c.cfg.Payments.Refund(ctx, p.chargeID, p.amount)
		})
		if err != nil {
			rep.Errors = append(rep.Errors, fmt.Errorf("refund %s: %w", p.chargeID, err))
		} else {
			rep.Refunded = true
		}
	}

	var (
		wg sync.WaitGroup
		mu sync.Mutex
	)
	for _, h := range p.holds {
		if h.Backordered {
			// Backorders never took anything from stock.
			continue
		}
		wg.Add(1)
		go func(h Reservation) {
			defer wg.Done()
			err := c.retry(ctx, func(ctx context.Context) error {
				return c.cfg.Inventory.Release(ctx, h.ID)
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				rep.Errors = append(rep.Errors, fmt.Errorf("release %s (%s): %w", h.ID, h.SKU, err))
				return
			}
			rep.Released++
		}(h)
	}
	wg.Wait()
	return rep
}

// retry calls fn until it succeeds, the attempts are used up or ctx ends,
// doubling the delay between attempts.
func (c *Coordinator) retry(ctx context.Context, fn func(context.Context) error) error {
	delay := c.cfg.RetryBackoff
	var err error
	for attempt := 1; ; attempt++ {
		if err = fn(ctx); err == nil {
			return nil
		}
		if attempt >= c.cfg.CompensationAttempts {
			return fmt.Errorf("giving up after %d attempts: %w", attempt, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%v (last error: %w)", ctx.Err(), err)
		case <-c.cfg.Clock.After(delay):
		}
		if delay < 30*time.Second {
			delay *= 2
		}
	}
}
