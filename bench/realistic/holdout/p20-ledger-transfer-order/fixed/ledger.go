// Package ledger moves money between accounts, each guarded by its own lock.
package ledger

import (
	"errors"
	"sync"
)

// Account is one balance.
type Account struct {
	ID      int
	mu      sync.Mutex
	balance int64
}

// NewAccount opens an account with an opening balance.
func NewAccount(id int, opening int64) *Account {
	return &Account{ID: id, balance: opening}
}

// Balance reads the balance.
func (a *Account) Balance() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// ErrInsufficient is returned when the source cannot cover the amount.
var ErrInsufficient = errors.New("ledger: insufficient funds")

// Ledger applies transfers and lets an auditor look at each debit before it is credited.
type Ledger struct {
	Audit func(from, to *Account, amount int64)
}

// Transfer moves amount from one account to the other.
func (l *Ledger) Transfer(from, to *Account, amount int64) error {
	// Both locks, in account-id order, so two opposite transfers cannot wait on each other.
	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if from.balance < amount {
		return ErrInsufficient
	}
	if l.Audit != nil {
		l.Audit(from, to, amount)
	}
	from.balance -= amount
	to.balance += amount
	return nil
}

// Settle runs the transfers concurrently and reports how many went through.
func (l *Ledger) Settle(transfers [][2]*Account, amount int64, done func(error)) {
	for _, t := range transfers {
		go func(from, to *Account) {
			done(l.Transfer(from, to, amount))
		}(t[0], t[1])
	}
}
