package quotes

import "context"

func feed(ctx context.Context, v Venue, out chan<- quote) {
	defer close(out)
	prices, err := v.Quotes()
	if err != nil {
		deliver(ctx, out, quote{err: err})
		return
	}
	for _, p := range prices {
		if !deliver(ctx, out, quote{price: p}) {
			return
		}
	}
}

// deliver sends q unless ctx ends first.
func deliver(ctx context.Context, out chan<- quote, q quote) bool {
	select {
	case out <- q:
		return true
	case <-ctx.Done():
		return false
	}
}
