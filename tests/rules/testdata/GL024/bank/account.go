package bank

import "sync"

// Account belongs to one branch.
type Account struct {
	mu      sync.Mutex
	balance int
	branch  *Branch
}

// Deposit updates the account, then the branch's total.
func (a *Account) Deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	a.branch.mu.Lock() // want "`Deposit` locks `a.branch.mu` while holding `a.mu`, but `Audit` takes them in the opposite order \(branch.go:15\)"
	a.branch.total += n
	a.branch.mu.Unlock()
}
