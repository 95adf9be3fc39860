package ledger

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Entry is one line of an account's history.
type Entry struct {
	At     time.Time
	Amount int64 // cents; negative for debits
	Ref    string
}

// Account holds a balance in cents.
type Account struct {
	ID      int
	mu      sync.Mutex
	balance int64
	history []Entry
}

// Balance returns the current balance.
func (a *Account) Balance() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Limits decides whether an account may send amount right now, e.g. by
// asking a fraud-scoring service.
type Limits interface {
	Allow(accountID int, amount int64) error
}

// Ledger moves money between accounts.
type Ledger struct {
	limits Limits

	mu       sync.Mutex
	accounts map[int]*Account
	seq      int
}

var (
	ErrNoAccount    = errors.New("ledger: no such account")
	ErrInsufficient = errors.New("ledger: insufficient funds")
)

// New returns an empty ledger.
func New(limits Limits) *Ledger {
	return &Ledger{limits: limits, accounts: make(map[int]*Account)}
}

// Open creates an account with an opening balance.
func (l *Ledger) Open(id int, balance int64) *Account {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := &Account{ID: id, balance: balance}
	l.accounts[id] = a
	return a
}

func (l *Ledger) lookup(id int) (*Account, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.accounts[id]
	if !ok {
		return nil, "", fmt.Errorf("%w: %d", ErrNoAccount, id)
	}
	l.seq++
	return a, fmt.Sprintf("tx-%06d", l.seq), nil
}

// Transfer moves amount cents from one account to another atomically.
func (l *Ledger) Transfer(from, to int, amount int64) (string, error) {
	src, ref, err := l.lookup(from)
	if err != nil {
		return "", err
	}
	dst, _, err := l.lookup(to)
	if err != nil {
		return "", err
	}

	src.mu.Lock()
	defer src.mu.Unlock()
	if src.balance < amount {
		return "", ErrInsufficient
	}
	if err := l.limits.Allow(src.ID, amount); err != nil {
		return "", err
	}

	dst.mu.Lock() // leak: two opposite transfers each hold their source account and wait here for the other's, so both block forever
	defer dst.mu.Unlock()

	now := time.Now()
	src.balance -= amount
	dst.balance += amount
	src.history = append(src.history, Entry{At: now, Amount: -amount, Ref: ref})
	dst.history = append(dst.history, Entry{At: now, Amount: amount, Ref: ref})
	return ref, nil
}
