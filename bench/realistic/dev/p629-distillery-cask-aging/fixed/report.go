package caskaging

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// WoodSummary aggregates the casks of one wood type still maturing.
type WoodSummary struct {
	Wood      Wood
	Casks     int
	Litres    float64
	OldestYrs float64
}

// Inventory is a point-in-time view of the warehouse.
type Inventory struct {
	At       time.Time
	Maturing []WoodSummary
	Queued   int
	OnLines  int
	Bottled  int
	Bottles  int
	Failures int
}

// Report returns the current inventory.
func (w *Warehouse) Report() Inventory {
	w.mu.Lock()
	defer w.mu.Unlock()

	now := w.clock.Now()
	byWood := make(map[Wood]*WoodSummary)
	for _, c := range w.casks {
		s, ok := byWood[c.Wood]
		if !ok {
			s = &WoodSummary{Wood: c.Wood}
			byWood[c.Wood] = s
		}
		s.Casks++
		s.Litres += c.Remaining(now, w.angelsShare)
		if yrs := c.Age(now).Hours() / (24 * 365); yrs > s.OldestYrs {
			s.OldestYrs = yrs
		}
	}
	inv := Inventory{
		At:       now,
		Queued:   len(w.queue),
		OnLines:  w.active,
		Bottled:  len(w.runs),
		Failures: w.failures,
	}
	for _, s := range byWood {
		inv.Maturing = append(inv.Maturing, *s)
	}
	sort.Slice(inv.Maturing, func(i, j int) bool { return inv.Maturing[i].Wood < inv.Maturing[j].Wood })
	for _, r := range w.runs {
		inv.Bottles += r.Bottles
	}
	return inv
}

// String renders the inventory as a short table for the cellar log.
func (inv Inventory) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "inventory at %s\n", inv.At.Format("2006-01-02"))
	for _, s := range inv.Maturing {
		fmt.Fprintf(&b, "  %-13s %3d casks %8.1fl oldest %.1fy\n", s.Wood, s.Casks, s.Litres, s.OldestYrs)
	}
	fmt.Fprintf(&b, "  queued %d, on lines %d, bottled %d casks (%d bottles), %d failed runs\n",
		inv.Queued, inv.OnLines, inv.Bottled, inv.Bottles, inv.Failures)
	return b.String()
}
