package ledger

import (
	"context"
	"fmt"
	"time"
)

type bidRequest struct {
	bid   Bid
	reply chan bidReply
}

type bidReply struct {
	receipt Receipt
	err     error
}

// lotBook is the bid book of one lot, owned by the lot's goroutine.
type lotBook struct {
	lot     Lot
	high    Bid
	hasHigh bool
	count   int
}

func (b *lotBook) minimum(table []incrementStep) Money {
	if !b.hasHigh {
		return b.lot.OpeningBid
	}
	return b.high.Amount + increment(table, b.high.Amount)
}

func increment(table []incrementStep, current Money) Money {
	for _, s := range table {
		if current < s.below {
			return s.step
		}
	}
	return topIncrement
}

func (b *lotBook) check(bid Bid, table []incrementStep) error {
	if b.hasHigh && b.high.Bidder == bid.Bidder {
		return ErrAlreadyLeading
	}
	if min := b.minimum(table); bid.Amount < min {
		return fmt.Errorf("%w: %s offered, %s required", ErrBelowMinimum, bid.Amount, min)
	}
	return nil
}

func (b *lotBook) accept(bid Bid) {
	b.high = bid
	b.hasHigh = true
	b.count++
}

// runLot serialises all bids for one lot. When in is closed it hands the final
// book to whoever is settling the lot.
func (l *Ledger) runLot(lot Lot, in <-chan bidRequest, out chan<- lotBook) {
	book := lotBook{lot: lot}
	for req := range in { // leak: a withdrawn lot's inbox is dropped from the map but never closed
		err := book.check(req.bid, l.increments)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), l.storeTimeout)
			err = l.store.AppendBid(ctx, req.bid)
			cancel()
			if err != nil {
				err = fmt.Errorf("ledger: persist bid on %s: %w", lot.ID, err)
			}
		}
		if err != nil {
			req.reply <- bidReply{err: err}
			continue
		}
		book.accept(req.bid)
		req.reply <- bidReply{receipt: Receipt{
			LotID:       lot.ID,
			Bidder:      req.bid.Bidder,
			Amount:      req.bid.Amount,
			Seq:         book.count,
			NextMinimum: book.minimum(l.increments),
		}}
	}
	out <- book
}

func (b lotBook) settle(closedAt time.Time) Settlement {
	s := Settlement{LotID: b.lot.ID, Bids: b.count, ClosedAt: closedAt}
	switch {
	case !b.hasHigh:
		s.Note = "passed: no bids"
	case b.lot.Reserve > 0 && b.high.Amount < b.lot.Reserve:
		s.Note = fmt.Sprintf("passed: reserve not met at %s", b.high.Amount)
	default:
		s.Sold = true
		s.Winner = b.high.Bidder
		s.Hammer = b.high.Amount
	}
	return s
}
