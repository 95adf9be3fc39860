// Package ledger imports batches of bank postings into an in-memory ledger.
// A batch is validated, deduplicated and then committed as a whole: either
// every posting is applied or none is.
package ledger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrInsufficientFunds is returned when a batch would overdraw an account.
var ErrInsufficientFunds = errors.New("ledger: insufficient funds")

// ErrAlreadyBooked is returned when a posting ID was committed before.
var ErrAlreadyBooked = errors.New("ledger: posting already booked")

// Ledger holds account balances in cents and the IDs of booked postings.
type Ledger struct {
	mu       sync.Mutex
	balances map[string]int64
	booked   map[string]bool
}

// NewLedger returns a ledger with the given opening balances.
func NewLedger(opening map[string]int64) *Ledger {
	l := &Ledger{balances: make(map[string]int64), booked: make(map[string]bool)}
	for acct, v := range opening {
		l.balances[acct] = v
	}
	return l
}

// Balance returns the balance of acct in cents.
func (l *Ledger) Balance(acct string) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.balances[acct]
}

// Apply reads a stream of JSON-encoded postings, the same format as the
// journal files replayed at startup, and commits them atomically. It returns
// the number of postings committed.
func (l *Ledger) Apply(ctx context.Context, r io.Reader) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	staged := make(map[string]int64)
	var ids []string
	dec := json.NewDecoder(r)
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		var p Posting
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("ledger: decode posting %d: %w", len(ids)+1, err)
		}
		if l.booked[p.ID] {
			return 0, fmt.Errorf("posting %s: %w", p.ID, ErrAlreadyBooked)
		}
		bal, ok := staged[p.Account]
		if !ok {
			bal = l.balances[p.Account]
		}
		bal += p.AmountCents
		if bal < 0 {
			return 0, fmt.Errorf("posting %s on %s: %w", p.ID, p.Account, ErrInsufficientFunds)
		}
		staged[p.Account] = bal
		ids = append(ids, p.ID)
	}
	for acct, bal := range staged {
		l.balances[acct] = bal
	}
	for _, id := range ids {
		l.booked[id] = true
	}
	return len(ids), nil
}
