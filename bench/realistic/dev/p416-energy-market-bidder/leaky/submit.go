package bidder

import (
	"context"
	"errors"
	"fmt"
)

type bidResult struct {
	bid     Bid
	orderID string
	err     error
}

// submitAll submits bids using cfg.Concurrency workers. Bids the exchange
// rejects are reported in the results; an expired session aborts the run,
// since no further request can succeed on it.
func (b *Bidder) submitAll(ctx context.Context, bids []Bid) ([]bidResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Bid)
	results := make(chan bidResult, len(bids))
	go func() {
		defer close(jobs)
		for _, bid := range bids {
			jobs <- bid // leak: workers have all returned after an expired session
		}
	}()

	workers := b.cfg.Concurrency
	if workers > len(bids) {
		workers = len(bids)
	}
	for i := 0; i < workers; i++ {
		go b.submitWorker(ctx, jobs, results)
	}

	out := make([]bidResult, 0, len(bids))
	for range bids {
		select {
		case r := <-results:
			if errors.Is(r.err, ErrSessionExpired) {
				return nil, fmt.Errorf("submit %s: %w", r.bid.ClientRef, r.err)
			}
			out = append(out, r)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return out, nil
}

func (b *Bidder) submitWorker(ctx context.Context, jobs <-chan Bid, results chan<- bidResult) {
	for bid := range jobs {
		id, err := b.exchange.SubmitBid(ctx, bid)
		results <- bidResult{bid: bid, orderID: id, err: err}
		if errors.Is(err, ErrSessionExpired) {
			return
		}
	}
}
