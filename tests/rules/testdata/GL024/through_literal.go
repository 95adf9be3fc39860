package throughliteral

import "sync"

type Ledger struct{ mu sync.Mutex }
type Vault struct{ mu sync.Mutex }

// Settle takes the vault's lock inside a literal it calls at once, holding the ledger's.
func Settle(l *Ledger, v *Vault) {
	l.mu.Lock()
	defer l.mu.Unlock()
	func() { // want "`Settle` locks `v.mu` \\(through the function literal it calls\\) while holding `l.mu`"
		v.mu.Lock()
		v.mu.Unlock()
	}()
}

// Refill takes them the other way round, in a goroutine's literal.
func Refill(l *Ledger, v *Vault) {
	go func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		l.mu.Lock() // want "a function literal in `Refill` locks `l.mu` while holding `v.mu`, but `Settle`"
		l.mu.Unlock()
	}()
}
