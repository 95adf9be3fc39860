package fixedbank

import "sync"

// Branch keeps the total of its accounts. Lock order: Account.mu, then Branch.mu.
type Branch struct {
	mu    sync.Mutex
	total int
}

// Audit reads the account first, then takes the branch's lock: the documented order.
func (b *Branch) Audit(a *Account) bool {
	balance := a.read()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total >= balance
}

func (a *Account) read() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}
