package resale

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Cents is an amount of money in the smallest currency unit.
type Cents int64

func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign = "-"
		c = -c
	}
	return fmt.Sprintf("%s$%d.%02d", sign, c/100, c%100)
}

// Listing is a block of seats offered for resale on one exchange.
type Listing struct {
	Exchange     string
	ListingID    string
	EventID      string
	Section      string
	Row          string
	Seats        int
	Contiguous   bool
	PricePerSeat Cents
	FaceValue    Cents
	SellerRating float64
}

// Query is what the finder sends to every exchange.
type Query struct {
	EventID   string
	MinSeats  int
	Sections  []string
	MaxPerSet Cents
}

// Exchange is a resale marketplace we can search for listings.
type Exchange interface {
	Name() string
	Listings(ctx context.Context, q Query) ([]Listing, error)
}

// Request describes what a buyer is looking for.
type Request struct {
	EventID         string
	Quantity        int
	Sections        []string
	Together        bool
	MaxTotal        Cents
	InstantBuyBelow Cents
	MinSellerRating float64
}

var (
	ErrNoListings    = errors.New("no eligible listings")
	ErrBadRequest    = errors.New("bad request")
	ErrAllExchanges  = errors.New("all exchanges failed")
	ErrNoExchanges   = errors.New("no exchanges configured")
	ErrPriceCapBreak = errors.New("listing exceeds resale price cap")
)

func (r Request) validate() error {
	switch {
	case r.EventID == "":
		return fmt.Errorf("%w: missing event id", ErrBadRequest)
	case r.Quantity <= 0 || r.Quantity > 8:
		return fmt.Errorf("%w: quantity %d not in 1..8", ErrBadRequest, r.Quantity)
	case r.MaxTotal < 0 || r.InstantBuyBelow < 0:
		return fmt.Errorf("%w: negative price limit", ErrBadRequest)
	case r.MaxTotal > 0 && r.InstantBuyBelow > r.MaxTotal:
		return fmt.Errorf("%w: instant-buy price above max total", ErrBadRequest)
	}
	return nil
}

func (r Request) query() Query {
	q := Query{EventID: r.EventID, MinSeats: r.Quantity, Sections: r.Sections}
	if r.MaxTotal > 0 {
		q.MaxPerSet = r.MaxTotal
	}
	return q
}

func (r Request) wantsSection(section string) bool {
	if len(r.Sections) == 0 {
		return true
	}
	for _, s := range r.Sections {
		if strings.EqualFold(s, section) {
			return true
		}
	}
	return false
}

// Offer is a priced, eligible listing for the buyer's quantity.
type Offer struct {
	Listing    Listing
	Quantity   int
	Subtotal   Cents
	ServiceFee Cents
	OrderFee   Cents
	Total      Cents
	Instant    bool
}

func (o *Offer) String() string {
	return fmt.Sprintf("%s %s sec %s row %s x%d = %s", o.Listing.Exchange, o.Listing.ListingID,
		o.Listing.Section, o.Listing.Row, o.Quantity, o.Total)
}

// PricePolicy holds the fee schedule and the legal resale cap.
type PricePolicy struct {
	ServiceFeeBP  int64
	OrderFee      Cents
	CapOverFaceBP int64
}

func (p PricePolicy) checkCap(l Listing) error {
	if p.CapOverFaceBP <= 0 || l.FaceValue <= 0 {
		return nil
	}
	limit := l.FaceValue + Cents(int64(l.FaceValue)*p.CapOverFaceBP/10000)
	if l.PricePerSeat > limit {
		return fmt.Errorf("%w: %s asks %s, cap %s", ErrPriceCapBreak, l.ListingID, l.PricePerSeat, limit)
	}
	return nil
}

func (p PricePolicy) price(l Listing, qty int) *Offer {
	sub := l.PricePerSeat * Cents(qty)
	fee := Cents(int64(sub) * p.ServiceFeeBP / 10000)
	return &Offer{
		Listing:    l,
		Quantity:   qty,
		Subtotal:   sub,
		ServiceFee: fee,
		OrderFee:   p.OrderFee,
		Total:      sub + fee + p.OrderFee,
	}
}
