package pricing

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

type engineFunc func(sku string, qty int) (Price, error)

func (f engineFunc) Price(sku string, qty int) (Price, error) { return f(sku, qty) }

func TestQuoteClientGoesAway(t *testing.T) {
	defer goleak.VerifyNone(t)

	card := &RateCard{Units: map[string]int64{"desk": 24900}, Tiers: []Tier{{MinQty: 10, Discount: 0.1}}}
	ctx, cancel := context.WithCancel(context.Background())
	returned := make(chan struct{})
	slow := engineFunc(func(sku string, qty int) (Price, error) {
		cancel() // the HTTP client disconnects while the engine is busy
		<-returned
		return card.Price(sku, qty)
	})

	q := NewQuoter(slow)
	defer q.Close()
	if _, err := q.Quote(ctx, "desk", 12); !errors.Is(err, context.Canceled) {
		t.Fatalf("Quote error = %v, want context.Canceled", err)
	}
	close(returned)
}
