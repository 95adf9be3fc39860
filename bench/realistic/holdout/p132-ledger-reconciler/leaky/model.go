// Package reconcile matches bank statement lines against entries in the
// internal general ledger, producing a report of matches, unmatched lines and
// lines that need a human to decide between several candidates.
package reconcile

import (
	"context"
	"errors"
	"time"
)

// ErrPeriodClosed is wrapped by Ledger errors when the requested period has
// been closed and archived; it is not retried.
var ErrPeriodClosed = errors.New("reconcile: ledger period closed")

// StatementLine is one line of a bank statement.
type StatementLine struct {
	ID          string
	Account     string
	AmountCents int64 // negative for debits
	Booked      time.Time
	Reference   string
	Description string
}

// Entry is a posting in the internal ledger against a bank account.
type Entry struct {
	ID          string
	Account     string
	AmountCents int64
	Posted      time.Time
	Reference   string
}

// Ledger looks up candidate entries for a statement line.
type Ledger interface {
	// Candidates returns unreconciled entries on account with the given
	// amount posted within [from, to].
	Candidates(ctx context.Context, account string, amountCents int64, from, to time.Time) ([]Entry, error)
}

// Match pairs a statement line with the ledger entry it settles.
type Match struct {
	LineID  string
	EntryID string
	Score   int
}

// Exception is a line that could not be matched automatically.
type Exception struct {
	LineID     string
	Reason     string
	Candidates []string
}

// Report is the outcome of a reconciliation run.
type Report struct {
	Matched    []Match
	Unmatched  []string
	Exceptions []Exception
}
