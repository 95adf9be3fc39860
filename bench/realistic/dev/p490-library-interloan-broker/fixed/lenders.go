package interloan

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type quoteResult struct {
	lender string
	quote  Quote
	err    error
}

// pickLender asks every partner library for a quote in parallel and picks the
// fastest affordable offer, preferring configuration order on ties.
func (b *Broker) pickLender(ctx context.Context, isbn string) (Lender, Quote, error) {
	qctx, cancel := context.WithTimeout(ctx, b.cfg.QuoteTimeout)
	defer cancel()

	results := make([]quoteResult, len(b.order))
	var wg sync.WaitGroup
	for i, name := range b.order {
		wg.Add(1)
		go func(i int, l Lender) {
			defer wg.Done()
			q, err := l.Quote(qctx, isbn)
			results[i] = quoteResult{lender: l.Name(), quote: q, err: err}
		}(i, b.lenders[name])
	}
	wg.Wait()

	best := -1
	for i, r := range results {
		switch {
		case r.err != nil:
			b.cfg.Logger.Printf("quote %s from %s: %v", isbn, r.lender, r.err)
			continue
		case !r.quote.Available:
			continue
		case b.cfg.MaxFeeCents > 0 && r.quote.FeeCents > b.cfg.MaxFeeCents:
			continue
		}
		if best < 0 || r.quote.ShipDays < results[best].quote.ShipDays {
			best = i
		}
	}
	if best < 0 {
		return nil, Quote{}, fmt.Errorf("%w: %s", ErrNoLender, isbn)
	}
	return b.lenders[results[best].lender], results[best].quote, nil
}

func (b *Broker) sweepLoop(ticks <-chan time.Time, stopTicker func()) {
	defer stopTicker()
	for {
		select {
		case <-b.stop:
			return
		case now := <-ticks:
			b.expire(now)
		}
	}
}

// expire cancels reserved holds whose pickup window has passed and releases
// the patron's slot.
func (b *Broker) expire(now time.Time) {
	b.mu.Lock()
	var stale []Hold
	for _, h := range b.holds {
		if h.Status == StatusReserved && now.After(h.ExpiresAt) {
			h.Status = StatusExpired
			b.active[h.Request.Patron]--
			stale = append(stale, *h)
		}
	}
	b.mu.Unlock()

	for _, h := range stale {
		ctx, cancel := context.WithTimeout(context.Background(), b.cfg.QuoteTimeout)
		err := b.lenders[h.Lender].Cancel(ctx, h.ID)
		cancel()
		if err != nil {
			b.cfg.Logger.Printf("expire %s: cancel with %s: %v", h.ID, h.Lender, err)
			continue
		}
		b.cfg.Logger.Printf("hold %s for %s expired", h.ID, h.Request.Patron)
	}
}
