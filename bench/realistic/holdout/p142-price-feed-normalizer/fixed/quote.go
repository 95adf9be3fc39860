package pricefeed

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Side is the side of the book a quote belongs to.
type Side int8

const (
	// Bid is the buy side.
	Bid Side = iota + 1
	// Ask is the sell side.
	Ask
)

// RawQuote is a top-of-book update as a venue reports it: venue-specific
// symbol, price in venue ticks.
type RawQuote struct {
	Symbol string
	Side   Side
	// PriceTicks is the price expressed in the venue's tick size.
	PriceTicks int64
	Size       float64
	Time       time.Time
}

// Quote is a normalized top-of-book update.
type Quote struct {
	Venue      string
	Instrument string
	Side       Side
	Price      float64
	Size       float64
	Time       time.Time
}

// Instrument maps one venue symbol onto the consolidated instrument name.
type Instrument struct {
	Venue    string
	Symbol   string
	Name     string
	TickSize float64
}

// ErrUnknownSymbol is returned for quotes on symbols that are not mapped.
var ErrUnknownSymbol = errors.New("pricefeed: unknown symbol")

// ErrBadQuote is returned for quotes that fail validation.
var ErrBadQuote = errors.New("pricefeed: bad quote")

type symbolKey struct{ venue, symbol string }

// symbolTable resolves venue symbols into instruments. It is built once and
// only read afterwards, so it needs no locking.
type symbolTable struct {
	byVenue map[symbolKey]Instrument
}

func newSymbolTable(instruments []Instrument) (*symbolTable, error) {
	t := &symbolTable{byVenue: make(map[symbolKey]Instrument, len(instruments))}
	for _, in := range instruments {
		if in.TickSize <= 0 {
			return nil, fmt.Errorf("pricefeed: instrument %s/%s: tick size %v must be positive", in.Venue, in.Symbol, in.TickSize)
		}
		k := symbolKey{in.Venue, strings.ToUpper(in.Symbol)}
		t.byVenue[k] = in
	}
	return t, nil
}

// symbols returns the venue symbols to subscribe to on venue.
func (t *symbolTable) symbols(venue string) []string {
	var out []string
	for k := range t.byVenue {
		if k.venue == venue {
			out = append(out, k.symbol)
		}
	}
	return out
}

// normalize converts a raw venue quote into a consolidated one.
func (t *symbolTable) normalize(venue string, rq RawQuote) (Quote, error) {
	in, ok := t.byVenue[symbolKey{venue, strings.ToUpper(rq.Symbol)}]
	if !ok {
		return Quote{}, fmt.Errorf("%w: %s on %s", ErrUnknownSymbol, rq.Symbol, venue)
	}
	if rq.Side != Bid && rq.Side != Ask {
		return Quote{}, fmt.Errorf("%w: side %d", ErrBadQuote, rq.Side)
	}
	if rq.PriceTicks <= 0 || rq.Size < 0 || math.IsNaN(rq.Size) {
		return Quote{}, fmt.Errorf("%w: %s price=%d size=%v", ErrBadQuote, rq.Symbol, rq.PriceTicks, rq.Size)
	}
	return Quote{
		Venue:      venue,
		Instrument: in.Name,
		Side:       rq.Side,
		Price:      float64(rq.PriceTicks) * in.TickSize,
		Size:       rq.Size,
		Time:       rq.Time,
	}, nil
}
