// Package matching implements a single-venue limit order matching engine.
// Commands are serialised by a sequencer goroutine, journalled, applied to
// per-symbol order books with price-time priority, and the resulting trades
// are published to subscribers.
package matching

import "sort"

// Side is the side of an order.
type Side int8

// Order sides.
const (
	Buy Side = iota + 1
	Sell
)

// Order is a limit order. Prices are expressed in integer ticks.
type Order struct {
	ID      string
	Account string
	Side    Side
	Price   int64
	Qty     int64
}

// Trade is an execution between a resting (maker) and an incoming (taker)
// order.
type Trade struct {
	Seq     uint64
	Symbol  string
	MakerID string
	TakerID string
	Price   int64
	Qty     int64
}

// Book is a limit order book for one symbol. It is not safe for concurrent
// use; the engine's sequencer owns it.
type Book struct {
	symbol string
	bids   []*Order // best (highest) price first, FIFO within a price
	asks   []*Order // best (lowest) price first, FIFO within a price
	live   map[string]Side
}

// NewBook returns an empty book for symbol.
func NewBook(symbol string) *Book {
	return &Book{symbol: symbol, live: make(map[string]Side)}
}

// Match crosses o against the opposite side of the book and rests any
// unfilled remainder. Trades are returned in execution order without a
// sequence number.
func (b *Book) Match(o Order) []Trade {
	var trades []Trade
	opposite := &b.asks
	crosses := func(p int64) bool { return o.Price >= p }
	if o.Side == Sell {
		opposite = &b.bids
		crosses = func(p int64) bool { return o.Price <= p }
	}
	for o.Qty > 0 && len(*opposite) > 0 {
		best := (*opposite)[0]
		if !crosses(best.Price) {
			break
		}
		qty := o.Qty
		if best.Qty < qty {
			qty = best.Qty
		}
		trades = append(trades, Trade{
			Symbol:  b.symbol,
			MakerID: best.ID,
			TakerID: o.ID,
			Price:   best.Price,
			Qty:     qty,
		})
		o.Qty -= qty
		best.Qty -= qty
		if best.Qty == 0 {
			delete(b.live, best.ID)
			*opposite = (*opposite)[1:]
		}
	}
	if o.Qty > 0 {
		b.rest(o)
	}
	return trades
}

func (b *Book) rest(o Order) {
	side := &b.bids
	after := func(p int64) bool { return p < o.Price }
	if o.Side == Sell {
		side = &b.asks
		after = func(p int64) bool { return p > o.Price }
	}
	levels := *side
	i := sort.Search(len(levels), func(i int) bool { return after(levels[i].Price) })
	levels = append(levels, nil)
	copy(levels[i+1:], levels[i:])
	levels[i] = &o
	*side = levels
	b.live[o.ID] = o.Side
}

// Cancel removes a resting order. It reports whether the order was found.
func (b *Book) Cancel(id string) bool {
	side, ok := b.live[id]
	if !ok {
		return false
	}
	levels := &b.bids
	if side == Sell {
		levels = &b.asks
	}
	for i, o := range *levels {
		if o.ID == id {
			*levels = append((*levels)[:i], (*levels)[i+1:]...)
			break
		}
	}
	delete(b.live, id)
	return true
}
