// Package quotes merges top-of-book quotes from several market data feeds into
// a consolidated best bid and offer (NBBO) per symbol and publishes periodic
// snapshots of it.
package quotes

import (
	"errors"
	"fmt"
	"time"
)

// PriceScale is the number of Price units in one unit of the quote currency.
const PriceScale = 10000

// Price is a fixed-point price in 1/10000 of the quote currency. Fixed point
// keeps comparisons between venues exact.
type Price int64

// String formats p with four decimal places.
func (p Price) String() string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return fmt.Sprintf("%s%d.%04d", sign, p/PriceScale, p%PriceScale)
}

// Errors reported for quotes that are not applied to the book.
var (
	ErrBadQuote      = errors.New("quotes: malformed quote")
	ErrCrossed       = errors.New("quotes: crossed quote")
	ErrUnknownSymbol = errors.New("quotes: unknown symbol")
	ErrOutOfOrder    = errors.New("quotes: out-of-order quote")
	ErrWideSpread    = errors.New("quotes: spread too wide")
)

// Quote is one venue's top of book for a symbol. A zero Bid or Ask means the
// venue currently has no interest on that side.
type Quote struct {
	Symbol  string
	Bid     Price
	Ask     Price
	BidSize int64
	AskSize int64
	Time    time.Time
}

func (q Quote) validate() error {
	switch {
	case q.Symbol == "":
		return fmt.Errorf("%w: empty symbol", ErrBadQuote)
	case q.Bid < 0 || q.Ask < 0 || q.BidSize < 0 || q.AskSize < 0:
		return fmt.Errorf("%w: %s has a negative price or size", ErrBadQuote, q.Symbol)
	case q.Bid > 0 && q.Ask > 0 && q.Bid > q.Ask:
		return fmt.Errorf("%w: %s bid %s above ask %s", ErrCrossed, q.Symbol, q.Bid, q.Ask)
	}
	return nil
}

// spreadBps returns the bid/ask spread in basis points of the mid price.
func (q Quote) spreadBps() int64 {
	mid := (int64(q.Bid) + int64(q.Ask)) / 2
	return (int64(q.Ask) - int64(q.Bid)) * 10000 / mid
}

// Level is one side of the consolidated book.
type Level struct {
	Price Price
	Size  int64
	Venue string
}

// NBBO is the best bid and best offer across all venues for a symbol.
type NBBO struct {
	Symbol string
	Bid    Level
	Ask    Level
}

// Snapshot is a consistent view of the consolidated book at one instant.
type Snapshot struct {
	Seq    uint64
	Time   time.Time
	Quotes map[string]NBBO
}

// consolidate computes the NBBO for symbol from the venues' quotes, ignoring
// quotes last updated before cutoff. Ties go to the larger size.
func consolidate(symbol string, venues map[string]Quote, cutoff time.Time) NBBO {
	n := NBBO{Symbol: symbol}
	for venue, q := range venues {
		if !cutoff.IsZero() && q.Time.Before(cutoff) {
			continue
		}
		if q.Bid > 0 && (q.Bid > n.Bid.Price || q.Bid == n.Bid.Price && q.BidSize > n.Bid.Size) {
			n.Bid = Level{Price: q.Bid, Size: q.BidSize, Venue: venue}
		}
		if q.Ask > 0 && (n.Ask.Price == 0 || q.Ask < n.Ask.Price || q.Ask == n.Ask.Price && q.AskSize > n.Ask.Size) {
			n.Ask = Level{Price: q.Ask, Size: q.AskSize, Venue: venue}
		}
	}
	return n
}
