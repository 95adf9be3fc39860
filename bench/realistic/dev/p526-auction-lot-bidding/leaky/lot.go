package auction

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Amounts are in cents.

// Lot is one item offered in a sale.
type Lot struct {
	ID         string
	Title      string
	OpeningBid int64
	Reserve    int64
}

// Bid is an offer placed by a registered bidder, online or in the room.
type Bid struct {
	LotID  string
	Bidder string
	Amount int64
	At     time.Time
}

// Outcome records how bidding on a lot ended.
type Outcome struct {
	LotID     string
	Sold      bool
	Winner    string
	Hammer    int64
	Premium   int64
	Bids      int
	Rejected  int
	ClosedAt  time.Time
	PassedWhy string
}

// Total is what the winning bidder owes.
func (o Outcome) Total() int64 { return o.Hammer + o.Premium }

// BidFeed delivers bids for a lot from the bidding platform. The channel is
// closed when the platform closes the lot's online window.
type BidFeed interface {
	Subscribe(ctx context.Context, lotID string) (<-chan Bid, error)
}

// Ledger records sales for invoicing and consignor payouts.
type Ledger interface {
	Settle(ctx context.Context, o Outcome) error
}

var (
	// ErrLedger wraps failures of the ledger; the session cannot continue
	// without a place to record sales.
	ErrLedger = errors.New("auction: ledger failure")
	// ErrBidTooLow is returned for bids below the current asking price.
	ErrBidTooLow = errors.New("auction: bid below asking price")
	// ErrSelfOutbid is returned when the high bidder bids against themselves.
	ErrSelfOutbid = errors.New("auction: bidder already holds the high bid")
)

// increment returns the standard bidding step for the current price.
func increment(price int64) int64 {
	switch {
	case price < 100_00:
		return 5_00
	case price < 500_00:
		return 10_00
	case price < 1_000_00:
		return 25_00
	case price < 5_000_00:
		return 50_00
	default:
		return 100_00
	}
}

// book keeps the running state of one lot's bidding.
type book struct {
	lot      Lot
	high     int64
	leader   string
	accepted int
	rejected int
}

func newBook(lot Lot) *book { return &book{lot: lot} }

// asking returns the lowest acceptable next bid.
func (b *book) asking() int64 {
	if b.leader == "" {
		return b.lot.OpeningBid
	}
	return b.high + increment(b.high)
}

func (b *book) place(bid Bid) error {
	if bid.Bidder == b.leader {
		b.rejected++
		return ErrSelfOutbid
	}
	if ask := b.asking(); bid.Amount < ask {
		b.rejected++
		return fmt.Errorf("%w: %d < %d", ErrBidTooLow, bid.Amount, ask)
	}
	b.high, b.leader = bid.Amount, bid.Bidder
	b.accepted++
	return nil
}

func (b *book) outcome(premiumBP int64, now time.Time) Outcome {
	o := Outcome{LotID: b.lot.ID, Bids: b.accepted, Rejected: b.rejected, ClosedAt: now}
	switch {
	case b.leader == "":
		o.PassedWhy = "no bids"
	case b.high < b.lot.Reserve:
		o.PassedWhy = fmt.Sprintf("reserve not met (%d < %d)", b.high, b.lot.Reserve)
	default:
		o.Sold, o.Winner, o.Hammer = true, b.leader, b.high
		o.Premium = b.high * premiumBP / 10_000
	}
	return o
}
