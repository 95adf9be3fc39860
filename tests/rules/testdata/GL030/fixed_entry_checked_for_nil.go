package seatmap

import (
	"fmt"
	"sync"
)

// run: inv := NewInventory(map[string][]string{"F1": {"1A", "1B"}}); _ = inv.Sync("F1", []string{"9Z"}); _ = inv.Hold("F1", "1A")

type seat struct {
	taken     bool
	blockedBy string
}

type flight struct {
	seats map[string]*seat
}

// Inventory holds the seats of each flight.
type Inventory struct {
	mu      sync.Mutex
	flights map[string]*flight
}

// NewInventory builds an inventory from seat numbers per flight.
func NewInventory(layout map[string][]string) *Inventory {
	inv := &Inventory{flights: make(map[string]*flight)}
	for id, numbers := range layout {
		f := &flight{seats: make(map[string]*seat)}
		for _, n := range numbers {
			f.seats[n] = &seat{}
		}
		inv.flights[id] = f
	}
	return inv
}

// Sync blocks the seats a partner reports. A partner's odd payload must not take the
// service down, so a panic is turned into an error.
func (inv *Inventory) Sync(flightID string, blocked []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sync %s: %v", flightID, r)
		}
	}()
	return inv.applyBlocks(flightID, blocked)
}

func (inv *Inventory) applyBlocks(flightID string, blocked []string) error {
	inv.mu.Lock()
	f, ok := inv.flights[flightID]
	if !ok {
		inv.mu.Unlock()
		return fmt.Errorf("unknown flight %s", flightID)
	}
	for _, n := range blocked {
		s := f.seats[n]
		if s == nil {
			continue
		}
		if !s.taken {
			s.blockedBy = "partner"
		}
	}
	inv.mu.Unlock()
	return nil
}

// Hold takes a seat.
func (inv *Inventory) Hold(flightID, number string) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	f, ok := inv.flights[flightID]
	if !ok {
		return fmt.Errorf("unknown flight %s", flightID)
	}
	s, ok := f.seats[number]
	if !ok || s.taken {
		return fmt.Errorf("seat %s not available", number)
	}
	s.taken = true
	return nil
}
