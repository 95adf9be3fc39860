package bank

import "sync"

// Branch keeps the total of its accounts.
type Branch struct {
	mu    sync.Mutex
	total int
}

// Audit compares the branch's total with one account, under both locks.
func (b *Branch) Audit(a *Account) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total >= a.read() // want "`Audit` locks `a.mu` \(through `a.read`\) while holding `b.mu`, but `Deposit` takes them in the opposite order \(account.go:17\)"
}

func (a *Account) read() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}
