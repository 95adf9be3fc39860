package fixedparentcontextcase

import (
	"context"
	"time"
)

// run: _ = BestQuote(processContext, []Provider{slowProvider{}}, time.Millisecond)

// processContext is the long-lived context a background job runs under.
var processContext = context.Background()

// Provider prices an order.
type Provider interface {
	Quote(ctx context.Context) (int, error)
}

type slowProvider struct{}

func (slowProvider) Quote(ctx context.Context) (int, error) {
	time.Sleep(20 * time.Millisecond)
	return 42, nil
}

// BestQuote asks every provider and keeps the lowest price that arrives in time.
func BestQuote(ctx context.Context, providers []Provider, wait time.Duration) int {
	qctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	prices := make(chan int)
	for _, p := range providers {
		go func(p Provider) {
			price, err := p.Quote(qctx)
			if err != nil {
				return
			}
			select {
			case prices <- price:
			case <-qctx.Done():
			}
		}(p)
	}
	best := -1
	for range providers {
		select {
		case price := <-prices:
			if best < 0 || price < best {
				best = price
			}
		case <-qctx.Done():
			return best
		}
	}
	return best
}

// Shadowed re-derives the caller's context under the same name: every `ctx` after it,
// the goroutine's included, is the child, cancelled when Shadowed returns.
func Shadowed(ctx context.Context, providers []Provider) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	prices := make(chan int)
	for _, p := range providers {
		go func(p Provider) {
			price, _ := p.Quote(ctx)
			select {
			case prices <- price:
			case <-ctx.Done():
			}
		}(p)
	}
	for range providers {
		price := <-prices
		if price > 0 {
			return price
		}
	}
	return 0
}
