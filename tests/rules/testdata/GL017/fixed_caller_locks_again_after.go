package fuelcards

import (
	"errors"
	"sync"
)

// run: a := NewAuthorizer(map[string]int64{"diesel": 10}); _ = a.Authorize("diesel", 50); done := make(chan struct{}); go func() { a.Sweep(); close(done) }()

var errOverLimit = errors.New("over the product limit")

// Authorizer holds pending authorizations per product.
type Authorizer struct {
	mu     sync.RWMutex
	limits map[string]int64
	held   map[string]int64
}

// NewAuthorizer returns an authorizer with the given product limits.
func NewAuthorizer(limits map[string]int64) *Authorizer {
	return &Authorizer{limits: limits, held: make(map[string]int64)}
}

func (a *Authorizer) checkLimits(product string, amount int64) error {
	a.mu.RLock()
	if limit, ok := a.limits[product]; ok {
		if a.held[product]+amount > limit {
			a.mu.RUnlock()
			return errOverLimit
		}
	}
	a.mu.RUnlock()
	return nil
}

// Authorize holds amount of product when the limits allow it.
func (a *Authorizer) Authorize(product string, amount int64) error {
	if err := a.checkLimits(product, amount); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.held[product] += amount
	return nil
}

// Sweep releases every pending authorization.
func (a *Authorizer) Sweep() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.held = make(map[string]int64)
}
