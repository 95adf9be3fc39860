package importer

import (
	"context"
	"errors"
	"fmt"
)

// ErrMismatch is wrapped when a statement does not agree with itself or
// with the account it was downloaded for.
var ErrMismatch = errors.New("statement mismatch")

// Summary describes what an import did.
type Summary struct {
	Parsed     int
	Booked     int
	Duplicates int
	Net        int64
}

// reconcile checks the statement balances and books transactions the ledger
// has not seen yet.
func (im *Importer) reconcile(ctx context.Context, acct Account, period Period, stmt *Statement) (Summary, error) {
	sum := Summary{Parsed: len(stmt.Transactions)}
	for _, tx := range stmt.Transactions {
		sum.Net += tx.Amount
	}
	if stmt.Opening+sum.Net != stmt.Closing {
		return sum, fmt.Errorf("opening %d + net %d != closing %d: %w", stmt.Opening, sum.Net, stmt.Closing, ErrMismatch)
	}

	known, err := im.ledger.KnownRefs(ctx, acct.Number, period)
	if err != nil {
		return sum, fmt.Errorf("load booked references: %w", err)
	}
	fresh := make([]Transaction, 0, len(stmt.Transactions))
	seen := make(map[string]bool, len(stmt.Transactions))
	for _, tx := range stmt.Transactions {
		if known[tx.Ref] || seen[tx.Ref] {
			sum.Duplicates++
			continue
		}
		seen[tx.Ref] = true
		fresh = append(fresh, tx)
	}
	if len(fresh) == 0 {
		return sum, nil
	}
	if err := im.ledger.Book(ctx, acct.Number, fresh); err != nil {
		return sum, fmt.Errorf("book %d transactions: %w", len(fresh), err)
	}
	sum.Booked = len(fresh)
	return sum, nil
}
