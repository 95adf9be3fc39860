package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Quote is a top-of-book update for one symbol.
type Quote struct {
	Symbol string    `json:"symbol"`
	Bid    float64   `json:"bid"`
	Ask    float64   `json:"ask"`
	Last   float64   `json:"last"`
	Time   time.Time `json:"time"`
}

// Feed is an upstream market data source.
type Feed interface {
	// Next blocks until the next quote is available or ctx is done.
	Next(ctx context.Context) (Quote, error)
}

// ErrFeedClosed may be returned by a Feed that has no more quotes.
var ErrFeedClosed = errors.New("gateway: feed closed")

// Run reads quotes from feed and publishes them until ctx is done or the feed
// fails. Quotes with an empty symbol or a crossed book are skipped. Run
// returns nil when ctx is cancelled or the feed reports ErrFeedClosed.
func (g *Gateway) Run(ctx context.Context, feed Feed) error {
	for {
		q, err := feed.Next(ctx)
		switch {
		case err == nil:
		case ctx.Err() != nil, errors.Is(err, ErrFeedClosed):
			return nil
		default:
			return fmt.Errorf("gateway: read feed: %w", err)
		}
		q.Symbol = strings.ToUpper(strings.TrimSpace(q.Symbol))
		if q.Symbol == "" || (q.Bid > 0 && q.Ask > 0 && q.Bid > q.Ask) {
			continue
		}
		g.Publish(q)
	}
}
