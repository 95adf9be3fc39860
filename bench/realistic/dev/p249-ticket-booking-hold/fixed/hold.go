// Package booking places timed holds on concert seats.
//
// A hold reserves a set of seats for one customer while they go through
// checkout. Every hold ends in exactly one of three ways: it is confirmed into
// an order, it is released by the customer, or it expires after the hold TTL
// and the seats go back on sale.
package booking

import (
	"context"
	"errors"
	"time"
)

// SeatID identifies a seat within a venue, for example "ORCH-C-14".
type SeatID string

// Hold is an immutable snapshot of a seat hold as seen by callers.
type Hold struct {
	ID        string
	EventID   string
	Customer  string
	Seats     []SeatID
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Errors returned by the Service. Inventory errors are wrapped, so callers
// should use errors.Is.
var (
	ErrNoSeats          = errors.New("booking: no seats requested")
	ErrTooManySeats     = errors.New("booking: too many seats in one hold")
	ErrHoldNotFound     = errors.New("booking: hold not found")
	ErrHoldExpired      = errors.New("booking: hold expired")
	ErrSeatsUnavailable = errors.New("booking: seats unavailable")

	// ErrInventoryBusy is returned by an Inventory when the operation could
	// not be completed right now (lock contention, failover in progress) and
	// may succeed if retried.
	ErrInventoryBusy = errors.New("booking: inventory busy")
)

// Inventory is the system of record for seat state. Implementations talk to
// the ticketing database; the Service only orchestrates the hold lifecycle.
type Inventory interface {
	// Reserve marks seats as held under holdID. It returns an error wrapping
	// ErrSeatsUnavailable if any seat is already held or sold.
	Reserve(ctx context.Context, eventID string, seats []SeatID, holdID string) error
	// Commit turns the seats held under holdID into a sale for orderID.
	Commit(ctx context.Context, holdID, orderID string) error
	// Free returns the seats held under holdID to the pool.
	Free(ctx context.Context, holdID string) error
}

// Clock abstracts time so that hold expiry can be driven deterministically.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is the subset of *time.Timer used by the Service.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }

// isRetryable reports whether a Commit failure leaves the hold intact so the
// customer can try to confirm again.
func isRetryable(err error) bool {
	return errors.Is(err, ErrInventoryBusy) ||
		errors.Is(err, context.DeadlineExceeded)
}

// dedupeSeats returns seats with duplicates removed, preserving order.
func dedupeSeats(seats []SeatID) []SeatID {
	seen := make(map[SeatID]struct{}, len(seats))
	out := make([]SeatID, 0, len(seats))
	for _, s := range seats {
		if _, ok := seen[s]; ok {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	return out
}
