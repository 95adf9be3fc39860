package interloan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status is the lifecycle state of an interlibrary hold.
type Status int

const (
	StatusPending Status = iota
	StatusReserved
	StatusFulfilled
	StatusCancelled
	StatusExpired
	StatusFailed
)

func (s Status) String() string {
	switch s {
	case StatusPending:
		return "pending"
	case StatusReserved:
		return "reserved"
	case StatusFulfilled:
		return "fulfilled"
	case StatusCancelled:
		return "cancelled"
	case StatusExpired:
		return "expired"
	case StatusFailed:
		return "failed"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

func (s Status) active() bool { return s == StatusPending || s == StatusReserved }

// Request is a patron's request to borrow a title from a partner library.
type Request struct {
	Patron       string
	ISBN         string
	Title        string
	PickupBranch string
}

func (r Request) validate() error {
	if r.Patron == "" {
		return errors.New("interloan: request has no patron")
	}
	isbn := strings.ReplaceAll(r.ISBN, "-", "")
	if len(isbn) != 10 && len(isbn) != 13 {
		return fmt.Errorf("interloan: malformed ISBN %q", r.ISBN)
	}
	if r.PickupBranch == "" {
		return errors.New("interloan: request has no pickup branch")
	}
	return nil
}

// Hold is a reservation placed with a lending library on behalf of a patron.
type Hold struct {
	ID        string
	Request   Request
	Lender    string
	Status    Status
	FeeCents  int
	ShipDays  int
	PlacedAt  time.Time
	ExpiresAt time.Time
}

// Quote is a lender's answer to an availability query.
type Quote struct {
	Available bool
	ShipDays  int
	FeeCents  int
}

// Lender is a partner library reachable through the consortium network.
type Lender interface {
	Name() string
	Quote(ctx context.Context, isbn string) (Quote, error)
	Reserve(ctx context.Context, isbn, holdID string) error
	Cancel(ctx context.Context, holdID string) error
}

var (
	ErrHoldLimit     = errors.New("interloan: patron hold limit reached")
	ErrDuplicateHold = errors.New("interloan: patron already has an active hold for this title")
	ErrNoLender      = errors.New("interloan: no partner library can supply the title")
	ErrUnknownHold   = errors.New("interloan: unknown hold")
	ErrClosed        = errors.New("interloan: broker closed")
)
