package resale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Finder searches several resale exchanges at once and picks the best offer.
type Finder struct {
	exchanges []Exchange
	policy    PricePolicy
	timeout   time.Duration
	log       *log.Logger
	now       func() time.Time
}

// Option configures a Finder.
type Option func(*Finder)

// WithTimeout bounds how long a single search may take across all exchanges.
func WithTimeout(d time.Duration) Option {
	return func(f *Finder) { f.timeout = d }
}

// WithPolicy sets the fee schedule and resale price cap.
func WithPolicy(p PricePolicy) Option {
	return func(f *Finder) { f.policy = p }
}

// WithLogger sends diagnostic output to l.
func WithLogger(l *log.Logger) Option {
	return func(f *Finder) { f.log = l }
}

// NewFinder returns a Finder over the given exchanges.
func NewFinder(exchanges []Exchange, opts ...Option) (*Finder, error) {
	if len(exchanges) == 0 {
		return nil, ErrNoExchanges
	}
	seen := make(map[string]bool, len(exchanges))
	for _, ex := range exchanges {
		if ex == nil {
			return nil, errors.New("resale: nil exchange")
		}
		if seen[ex.Name()] {
			return nil, fmt.Errorf("resale: duplicate exchange %q", ex.Name())
		}
		seen[ex.Name()] = true
	}
	f := &Finder{
		exchanges: exchanges,
		policy:    PricePolicy{ServiceFeeBP: 1200, OrderFee: 350},
		timeout:   3 * time.Second,
		log:       log.New(io.Discard, "", 0),
		now:       time.Now,
	}
	for _, opt := range opts {
		opt(f)
	}
	return f, nil
}

type exchangeResult struct {
	exchange string
	listings []Listing
	err      error
	took     time.Duration
}

func (f *Finder) searchAll(ctx context.Context, q Query) <-chan exchangeResult {
	results := make(chan exchangeResult)
	for _, ex := range f.exchanges {
		go func(ex Exchange) {
			start := f.now()
			listings, err := ex.Listings(ctx, q)
			if err != nil {
				err = fmt.Errorf("%s: %w", ex.Name(), err)
			}
			results <- exchangeResult{ // leak: nobody receives once BestOffer has returned early
				exchange: ex.Name(),
				listings: listings,
				err:      err,
				took:     f.now().Sub(start),
			}
		}(ex)
	}
	return results
}

// BestOffer searches all exchanges and returns the cheapest eligible offer, or
// the first one whose total is at or below req.InstantBuyBelow.
func (f *Finder) BestOffer(ctx context.Context, req Request) (*Offer, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()

	results := f.searchAll(ctx, req.query())

	var (
		best     *Offer
		failures []error
		rejected int
	)
	for i := 0; i < len(f.exchanges); i++ {
		var res exchangeResult
		select {
		case res = <-results:
		case <-ctx.Done():
			if best != nil {
				f.log.Printf("search %s: deadline hit, settling for %s", req.EventID, best)
				return best, nil
			}
			return nil, fmt.Errorf("search %s: %w", req.EventID, ctx.Err())
		}
		if res.err != nil {
			f.log.Printf("search %s: %v (after %v)", req.EventID, res.err, res.took)
			failures = append(failures, res.err)
			continue
		}
		for _, l := range res.listings {
			if err := f.eligible(l, req); err != nil {
				rejected++
				continue
			}
			offer := f.policy.price(l, req.Quantity)
			if req.MaxTotal > 0 && offer.Total > req.MaxTotal {
				rejected++
				continue
			}
			if req.InstantBuyBelow > 0 && offer.Total <= req.InstantBuyBelow {
				offer.Instant = true
				f.log.Printf("search %s: instant buy %s", req.EventID, offer)
				return offer, nil
			}
			if best == nil || offer.Total < best.Total ||
				(offer.Total == best.Total && offer.Listing.SellerRating > best.Listing.SellerRating) {
				best = offer
			}
		}
	}

	if best != nil {
		return best, nil
	}
	if len(failures) == len(f.exchanges) {
		return nil, fmt.Errorf("search %s: %w: %v", req.EventID, ErrAllExchanges, failures)
	}
	return nil, fmt.Errorf("search %s: %w (%d rejected)", req.EventID, ErrNoListings, rejected)
}

func (f *Finder) eligible(l Listing, req Request) error {
	if l.EventID != req.EventID {
		return fmt.Errorf("listing %s is for event %s", l.ListingID, l.EventID)
	}
	if l.Seats < req.Quantity {
		return fmt.Errorf("listing %s has %d seats", l.ListingID, l.Seats)
	}
	if req.Together && req.Quantity > 1 && !l.Contiguous {
		return fmt.Errorf("listing %s seats are not together", l.ListingID)
	}
	if !req.wantsSection(l.Section) {
		return fmt.Errorf("listing %s in section %s", l.ListingID, l.Section)
	}
	if l.SellerRating < req.MinSellerRating {
		return fmt.Errorf("listing %s seller rated %.1f", l.ListingID, l.SellerRating)
	}
	return f.policy.checkCap(l)
}
