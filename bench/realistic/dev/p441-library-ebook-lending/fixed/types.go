package lending

import (
	"context"
	"errors"
	"time"
)

// Errors returned by the lending service.
var (
	ErrUnknownTitle    = errors.New("lending: unknown title")
	ErrUnknownPatron   = errors.New("lending: unknown patron")
	ErrNoCopyAvailable = errors.New("lending: no licensed copy available")
	ErrLoanLimit       = errors.New("lending: patron has reached the loan limit")
	ErrPatronBlocked   = errors.New("lending: patron account is blocked")
	ErrNotOnLoan       = errors.New("lending: title is not on loan to patron")
	ErrAlreadyOnLoan   = errors.New("lending: patron already has this title")
)

// Patron is a library card holder.
type Patron struct {
	ID        string
	Name      string
	Email     string
	Suspended bool
	FinesDue  int // cents
}

// License describes how many simultaneous copies of an ebook the library
// has bought from the publisher and for how long each loan runs.
type License struct {
	ISBN       string
	Title      string
	Copies     int
	LoanPeriod time.Duration
}

// Loan is one patron's access to one licensed copy.
type Loan struct {
	ISBN     string
	PatronID string
	Start    time.Time
	Due      time.Time
}

// Hold is a patron's place in the waiting list for a title. Seq increases
// monotonically, so a lower Seq means the hold was placed earlier.
type Hold struct {
	Seq      int64
	ISBN     string
	PatronID string
	Placed   time.Time
}

// Catalog resolves the license terms for a title.
type Catalog interface {
	License(ctx context.Context, isbn string) (License, error)
}

// HoldStore persists waiting lists.
type HoldStore interface {
	// List returns up to limit holds on isbn whose Seq is greater than
	// afterSeq, ordered by Seq.
	List(ctx context.Context, isbn string, afterSeq int64, limit int) ([]Hold, error)
	Remove(ctx context.Context, h Hold) error
}

// Patrons looks up card holders.
type Patrons interface {
	Lookup(ctx context.Context, id string) (Patron, error)
}

// Notifier tells a patron that a held title has been checked out to them.
type Notifier interface {
	HoldReady(ctx context.Context, p Patron, l Loan) error
}
