package fixedbank

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
	a.branch.mu.Lock()
	a.branch.total += n
	a.branch.mu.Unlock()
}
