package printrun

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// QuoteRequest is what a printer is asked to price.
type QuoteRequest struct {
	Series        string
	Issue         int
	SKU           string
	Quantity      int
	InteriorPages int
	InteriorStock PaperStock
	CoverStock    PaperStock
	Foil          bool
	ShipBy        time.Time
}

// Quote is a printer's price for one variant.
type Quote struct {
	Vendor     string
	SKU        string
	Quantity   int
	UnitCents  int64
	SetupCents int64
	ShipDate   time.Time
	Digital    bool
}

// TotalCents is the full cost of the quote.
func (q Quote) TotalCents() int64 {
	return q.SetupCents + q.UnitCents*int64(q.Quantity)
}

// Vendor is an offset printer that quotes over its ordering API.
type Vendor interface {
	Name() string
	Quote(ctx context.Context, req QuoteRequest) (Quote, error)
}

// ErrNoCapacity is returned by vendors whose presses are booked.
var ErrNoCapacity = errors.New("no press capacity")

const houseDigital = "house-digital"

func (p *Planner) request(run PrintRun, v Variant) QuoteRequest {
	return QuoteRequest{
		Series:        run.Series,
		Issue:         run.Issue,
		SKU:           v.SKU,
		Quantity:      v.Quantity,
		InteriorPages: run.InteriorPages,
		InteriorStock: run.InteriorStock,
		CoverStock:    v.CoverStock,
		Foil:          v.Foil,
		ShipBy:        run.ShipBy(p.distribution),
	}
}

// bestQuote asks every offset vendor for a price and keeps the cheapest one
// that ships in time.
func (p *Planner) bestQuote(ctx context.Context, run PrintRun, v Variant) (Quote, error) {
	req := p.request(run, v)
	var (
		best    Quote
		found   bool
		lastErr error
	)
	for _, vendor := range p.vendors {
		q, err := vendor.Quote(ctx, req)
		if err != nil {
			if ctx.Err() != nil {
				return Quote{}, ctx.Err()
			}
			p.log.Printf("%s #%d %s: %s declined: %v", run.Series, run.Issue, v.SKU, vendor.Name(), err)
			lastErr = err
			continue
		}
		if q.ShipDate.After(req.ShipBy) {
			p.log.Printf("%s #%d %s: %s ships %s, after %s", run.Series, run.Issue, v.SKU, vendor.Name(),
				q.ShipDate.Format("2006-01-02"), req.ShipBy.Format("2006-01-02"))
			continue
		}
		if q.Vendor == "" {
			q.Vendor = vendor.Name()
		}
		if !found || q.TotalCents() < best.TotalCents() {
			best, found = q, true
		}
	}
	if !found {
		if lastErr == nil {
			lastErr = errors.New("no vendor can ship in time")
		}
		return Quote{}, fmt.Errorf("%s: %w", v.SKU, lastErr)
	}
	return best, nil
}

// digitalQuote prices a short run on the in-house digital press from the
// rate card; no vendor is involved.
func (p *Planner) digitalQuote(v Variant, run PrintRun) Quote {
	pages := int64(run.InteriorPages + pagesPerSignature)
	unit := pages * p.digitalPageCents
	if v.Foil {
		unit += p.foilCents
	}
	return Quote{
		Vendor:    houseDigital,
		SKU:       v.SKU,
		Quantity:  v.Quantity,
		UnitCents: unit,
		ShipDate:  p.now().Add(p.digitalLead),
		Digital:   true,
	}
}
