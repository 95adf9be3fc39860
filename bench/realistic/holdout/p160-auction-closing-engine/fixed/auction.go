// Package auction runs timed online auctions: it accepts bids, extends the
// closing time when a bid arrives in the final minutes ("soft close") and
// settles the winners once an auction closes.
package auction

import (
	"errors"
	"fmt"
	"time"
)

// Bid validation errors.
var (
	ErrUnknownAuction = errors.New("auction: unknown auction")
	ErrAuctionClosed  = errors.New("auction: auction closed")
	ErrBidTooLow      = errors.New("auction: bid too low")
	ErrSelfOutbid     = errors.New("auction: bidder already leading")
)

// Status is the lifecycle state of an auction.
type Status int

// Auction states.
const (
	StatusOpen Status = iota
	StatusClosing
	StatusSold
	StatusUnsold
	StatusFailed
)

func (s Status) String() string {
	switch s {
	case StatusOpen:
		return "open"
	case StatusClosing:
		return "closing"
	case StatusSold:
		return "sold"
	case StatusUnsold:
		return "unsold"
	case StatusFailed:
		return "failed"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Listing describes an item put up for auction. Amounts are in cents.
type Listing struct {
	ID        string
	Seller    string
	StartBid  int64
	Reserve   int64
	Increment int64
	ClosesAt  time.Time
}

// Bid is an accepted bid.
type Bid struct {
	Bidder string
	Amount int64
	At     time.Time
}

// Result is the outcome of a closed auction.
type Result struct {
	AuctionID string
	Status    Status
	Winner    string
	Price     int64
	ClosedAt  time.Time
	Err       error
}

type auction struct {
	Listing
	status  Status
	leading *Bid
	bids    int
	extends int
}

// minNext returns the lowest acceptable next bid.
func (a *auction) minNext() int64 {
	if a.leading == nil {
		return a.StartBid
	}
	return a.leading.Amount + a.Increment
}

// accept validates b against the auction state at now and records it. It
// reports whether the closing time was extended.
func (a *auction) accept(b Bid, now time.Time, window, extendBy time.Duration) (bool, error) {
	if a.status != StatusOpen || !now.Before(a.ClosesAt) {
		return false, ErrAuctionClosed
	}
	if a.leading != nil && a.leading.Bidder == b.Bidder {
		return false, ErrSelfOutbid
	}
	if floor := a.minNext(); b.Amount < floor {
		return false, fmt.Errorf("%w: %d < %d", ErrBidTooLow, b.Amount, floor)
	}
	a.leading = &b
	a.bids++
	if window > 0 && a.ClosesAt.Sub(now) <= window {
		a.ClosesAt = now.Add(extendBy)
		a.extends++
		return true, nil
	}
	return false, nil
}

// reserveMet reports whether the auction can be sold.
func (a *auction) reserveMet() bool {
	return a.leading != nil && a.leading.Amount >= a.Reserve
}
