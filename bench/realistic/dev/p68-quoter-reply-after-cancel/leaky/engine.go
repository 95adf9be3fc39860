package pricing

import (
	"errors"
	"fmt"
)

// Price is a quoted price in cents.
type Price struct {
	SKU       string
	Qty       int
	UnitCents int64
	Discount  float64
}

// Total returns the discounted total in cents.
func (p Price) Total() int64 {
	gross := p.UnitCents * int64(p.Qty)
	return gross - int64(float64(gross)*p.Discount)
}

func (p Price) String() string {
	return fmt.Sprintf("%s x%d = %.2f", p.SKU, p.Qty, float64(p.Total())/100)
}

// Engine computes prices. Implementations are not safe for concurrent use,
// which is why Quoter serialises access to them.
type Engine interface {
	Price(sku string, qty int) (Price, error)
}

// ErrUnknownSKU is returned for SKUs missing from the rate card.
var ErrUnknownSKU = errors.New("pricing: unknown sku")

// Tier is a volume discount threshold.
type Tier struct {
	MinQty   int
	Discount float64
}

// RateCard is a simple in-memory Engine.
type RateCard struct {
	Units map[string]int64
	Tiers []Tier
	calls int
}

// Price implements Engine.
func (rc *RateCard) Price(sku string, qty int) (Price, error) {
	rc.calls++
	unit, ok := rc.Units[sku]
	if !ok {
		return Price{}, fmt.Errorf("%w: %s", ErrUnknownSKU, sku)
	}
	p := Price{SKU: sku, Qty: qty, UnitCents: unit}
	for _, t := range rc.Tiers {
		if qty >= t.MinQty && t.Discount > p.Discount {
			p.Discount = t.Discount
		}
	}
	return p, nil
}
