package matching

import "sort"

type book struct {
	bids []Order // best (highest) first
	asks []Order // best (lowest) first
}

func crosses(taker Order, maker Order) bool {
	if taker.Side == Buy {
		return taker.Price >= maker.Price
	}
	return taker.Price <= maker.Price
}

// match executes o against the opposite side and rests any remainder.
func (b *book) match(o Order) []Fill {
	opposite := &b.asks
	if o.Side == Sell {
		opposite = &b.bids
	}
	var fills []Fill
	for o.Qty > 0 && len(*opposite) > 0 && crosses(o, (*opposite)[0]) {
		m := &(*opposite)[0]
		qty := o.Qty
		if m.Qty < qty {
			qty = m.Qty
		}
		fills = append(fills, Fill{Taker: o.ID, Maker: m.ID, Price: m.Price, Qty: qty})
		o.Qty -= qty
		m.Qty -= qty
		if m.Qty == 0 {
			*opposite = (*opposite)[1:]
		}
	}
	if o.Qty > 0 {
		b.rest(o)
	}
	return fills
}

func (b *book) rest(o Order) {
	side := &b.bids
	better := func(i int) bool { return (*side)[i].Price < o.Price }
	if o.Side == Sell {
		side = &b.asks
		better = func(i int) bool { return (*side)[i].Price > o.Price }
	}
	i := sort.Search(len(*side), better)
	*side = append(*side, Order{})
	copy((*side)[i+1:], (*side)[i:])
	(*side)[i] = o
}
