package bloodbank

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Errors returned by the inventory.
var (
	ErrClosed     = errors.New("bloodbank: inventory closed")
	ErrBadRequest = errors.New("bloodbank: invalid request")
)

// Option configures an Inventory.
type Option func(*Inventory)

// WithClock sets the clock used to decide which units have expired.
func WithClock(c Clock) Option {
	return func(inv *Inventory) { inv.clock = c }
}

// Inventory holds the units in stock, grouped by blood type and ordered
// first-expiring-first-out. Requests that cannot be met from stock wait
// until enough compatible units are received.
type Inventory struct {
	clock Clock

	mu      sync.Mutex
	cond    *sync.Cond
	stock   map[BloodType][]Unit
	waiting int
	closed  bool
}

// New returns an empty inventory.
func New(opts ...Option) *Inventory {
	inv := &Inventory{
		clock: systemClock{},
		stock: make(map[BloodType][]Unit),
	}
	inv.cond = sync.NewCond(&inv.mu)
	for _, o := range opts {
		o(inv)
	}
	return inv
}

// Receive adds units to stock and wakes any waiting requests.
func (inv *Inventory) Receive(units ...Unit) {
	inv.mu.Lock()
	for _, u := range units {
		inv.stock[u.Type] = append(inv.stock[u.Type], u)
	}
	for t := range inv.stock {
		bags := inv.stock[t]
		sort.Slice(bags, func(i, j int) bool { return bags[i].Expires.Before(bags[j].Expires) })
	}
	inv.mu.Unlock()
	inv.cond.Broadcast()
}

// Available returns how many unexpired units of each type are in stock.
func (inv *Inventory) Available() map[BloodType]int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	now := inv.clock.Now()
	out := make(map[BloodType]int)
	for t, bags := range inv.stock {
		for _, u := range bags {
			if u.Expires.After(now) {
				out[t]++
			}
		}
	}
	return out
}

// Backlog returns the number of requests waiting for stock.
func (inv *Inventory) Backlog() int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.waiting
}

// PurgeExpired removes and returns the expired units, for disposal.
func (inv *Inventory) PurgeExpired() []Unit {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	now := inv.clock.Now()
	var expired []Unit
	for t, bags := range inv.stock {
		kept := bags[:0]
		for _, u := range bags {
			if u.Expires.After(now) {
				kept = append(kept, u)
			} else {
				expired = append(expired, u)
			}
		}
		inv.stock[t] = kept
	}
	return expired
}

// Request allocates units for req. The allocation is delivered on the
// returned channel as soon as enough compatible units are in stock, or
// with ErrClosed if the inventory is closed first.
func (inv *Inventory) Request(req Request) <-chan Allocation {
	out := make(chan Allocation, 1)
	if req.Units <= 0 || req.Patient == "" {
		out <- Allocation{Request: req, Err: fmt.Errorf("%w: %+v", ErrBadRequest, req)}
		return out
	}
	go func() {
		out <- inv.allocate(req)
	}()
	return out
}

func (inv *Inventory) allocate(req Request) Allocation {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.waiting++
	defer func() { inv.waiting-- }()
	for {
		if inv.closed {
			return Allocation{Request: req, Err: ErrClosed}
		}
		if units, ok := inv.take(req.Recipient, req.Units); ok {
			return Allocation{Request: req, Units: units}
		}
		inv.cond.Wait()
	}
}

// take removes n compatible, unexpired units from stock, earliest expiry
// first within each donor group. It takes nothing unless all n can be met.
// The caller holds inv.mu.
func (inv *Inventory) take(recipient BloodType, n int) ([]Unit, bool) {
	now := inv.clock.Now()
	type pick struct {
		t BloodType
		i int
	}
	var picks []pick
	for _, d := range compatibleDonors(recipient) {
		for i, u := range inv.stock[d] {
			if len(picks) == n {
				break
			}
			if u.Expires.After(now) {
				picks = append(picks, pick{d, i})
			}
		}
	}
	if len(picks) < n {
		return nil, false
	}
	units := make([]Unit, 0, n)
	taken := make(map[BloodType]map[int]bool)
	for _, p := range picks {
		units = append(units, inv.stock[p.t][p.i])
		if taken[p.t] == nil {
			taken[p.t] = make(map[int]bool)
		}
		taken[p.t][p.i] = true
	}
	for t, idx := range taken {
		bags := inv.stock[t]
		kept := make([]Unit, 0, len(bags)-len(idx))
		for i, u := range bags {
			if !idx[i] {
				kept = append(kept, u)
			}
		}
		inv.stock[t] = kept
	}
	return units, true
}

// Close fails every waiting request with ErrClosed and refuses new ones.
func (inv *Inventory) Close() {
	inv.mu.Lock()
	inv.closed = true
	inv.mu.Unlock()
	inv.cond.Broadcast()
}
