package bidding

import (
	"context"
	"errors"
	"fmt"
)

// run: _, _ = NewBidder(expired{}, 2).SubmitAll(context.Background(), []string{"a", "b", "c", "d", "e"})

// ErrSessionExpired means no request can succeed on the exchange session any more.
var ErrSessionExpired = errors.New("session expired")

// Exchange takes bids.
type Exchange interface {
	Submit(ctx context.Context, bid string) (string, error)
}

type expired struct{}

func (expired) Submit(context.Context, string) (string, error) { return "", ErrSessionExpired }

type result struct {
	bid     string
	orderID string
	err     error
}

// Bidder submits bids through a pool of workers.
type Bidder struct {
	exchange Exchange
	workers  int
}

// NewBidder returns a bidder with n workers.
func NewBidder(x Exchange, n int) *Bidder { return &Bidder{exchange: x, workers: n} }

// SubmitAll submits every bid; an expired session aborts the run.
func (b *Bidder) SubmitAll(ctx context.Context, bids []string) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string)
	results := make(chan result, len(bids))
	go func() {
		defer close(jobs)
		for _, bid := range bids {
			jobs <- bid
		}
	}()
	for i := 0; i < b.workers; i++ {
		go b.work(ctx, jobs, results)
	}
	var ids []string
	for range bids {
		r := <-results
		if r.err != nil {
			return nil, fmt.Errorf("submit %s: %w", r.bid, r.err)
		}
		ids = append(ids, r.orderID)
	}
	return ids, nil
}

func (b *Bidder) work(ctx context.Context, jobs <-chan string, results chan<- result) {
	for bid := range jobs {
		id, err := b.exchange.Submit(ctx, bid)
		results <- result{bid: bid, orderID: id, err: err}
		if errors.Is(err, ErrSessionExpired) {
			continue // the root stops reading; later bids fail fast
		}
	}
}
