// Package reconcile matches lines from bank statements against the entries
// booked in the internal payment ledger.
//
// A bank line is considered reconciled when exactly one ledger entry on the
// same account, in the same currency and for the same amount was booked within
// a configurable distance of the bank's value date. When several candidates
// qualify, an entry whose reference matches the bank reference wins, then the
// entry booked closest to the value date.
package reconcile

import (
	"context"
	"errors"
	"time"
)

// ErrInvalidLine is returned when a bank line is missing data required to
// look up candidates.
var ErrInvalidLine = errors.New("reconcile: invalid bank line")

// BankLine is a single transaction taken from a bank statement.
type BankLine struct {
	ID        string
	Account   string
	Currency  string
	Amount    int64 // minor units, negative for debits
	ValueDate time.Time
	Reference string
}

// Entry is a ledger entry booked by the payment system.
type Entry struct {
	ID        string
	Account   string
	Currency  string
	Amount    int64 // minor units, negative for debits
	BookedAt  time.Time
	Reference string
}

// Query describes the ledger entries that could explain a bank line.
type Query struct {
	Account  string
	Currency string
	Amount   int64
	From, To time.Time
}

// EntryStore gives read access to the ledger.
type EntryStore interface {
	// FindEntries returns the unreconciled entries matching q. The order of
	// the returned entries is unspecified.
	FindEntries(ctx context.Context, q Query) ([]Entry, error)
}

// Match links a bank line to the ledger entry that explains it.
type Match struct {
	Line  BankLine
	Entry Entry
	// ByReference reports whether the references were identical, as
	// opposed to a match on amount and date alone.
	ByReference bool
}

// Report is the outcome of a reconciliation run.
type Report struct {
	Matched   []Match
	Unmatched []BankLine
}

// Clean reports whether every bank line was matched.
func (r *Report) Clean() bool { return len(r.Unmatched) == 0 }
