// Package sorting assigns incoming mail items to outbound bags at a
// regional sorting office. Each item's postcode is resolved through a
// Directory to a delivery route, and items are grouped by route into a
// Manifest that the loading dock works from.
package sorting

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Class is the service class an item was paid for.
type Class int

// Service classes, in priority order.
const (
	Express Class = iota
	FirstClass
	SecondClass
	Bulk
)

func (c Class) String() string {
	switch c {
	case Express:
		return "express"
	case FirstClass:
		return "first"
	case SecondClass:
		return "second"
	case Bulk:
		return "bulk"
	}
	return fmt.Sprintf("class(%d)", int(c))
}

// Item is one letter or parcel read off the intake belt.
type Item struct {
	Barcode  string
	Postcode string
	Class    Class
	WeightG  int
}

// Route is where an item leaves the office: a delivery office and a walk
// (the postman's round) within it.
type Route struct {
	Office string
	Walk   int
}

func (r Route) String() string { return fmt.Sprintf("%s/%03d", r.Office, r.Walk) }

// Directory resolves postcodes to routes. The production implementation
// calls the national address service; tests use a map.
type Directory interface {
	Lookup(ctx context.Context, postcode string) (Route, error)
}

// ErrUnknownPostcode is returned by a Directory for a postcode it does not
// serve. Such items go to the manual-sorting tray instead of failing the
// batch.
var ErrUnknownPostcode = errors.New("sorting: unknown postcode")

// NormalizePostcode upper-cases a postcode and puts a single space before
// the inward code, so "sw1a1aa" and "SW1A  1AA" compare equal.
func NormalizePostcode(pc string) (string, error) {
	s := strings.ToUpper(strings.Join(strings.Fields(pc), ""))
	if len(s) < 5 || len(s) > 7 {
		return "", fmt.Errorf("sorting: malformed postcode %q", pc)
	}
	return s[:len(s)-3] + " " + s[len(s)-3:], nil
}

// Bag is the content of one outbound bag.
type Bag struct {
	Route   Route
	Items   []Item
	WeightG int
}

// Manifest is the result of sorting a batch.
type Manifest struct {
	Bags   []*Bag
	Manual []Item // items that need a human to read the address
}

func newManifest() *Manifest { return &Manifest{} }

func (m *Manifest) add(r Route, it Item, maxBagG int) {
	for i := len(m.Bags) - 1; i >= 0; i-- {
		b := m.Bags[i]
		if b.Route == r && b.WeightG+it.WeightG <= maxBagG {
			b.Items = append(b.Items, it)
			b.WeightG += it.WeightG
			return
		}
	}
	m.Bags = append(m.Bags, &Bag{Route: r, Items: []Item{it}, WeightG: it.WeightG})
}

// finish orders bags by route and items inside each bag by class, so the
// express items sit on top.
func (m *Manifest) finish() {
	sort.SliceStable(m.Bags, func(i, j int) bool {
		a, b := m.Bags[i].Route, m.Bags[j].Route
		if a.Office != b.Office {
			return a.Office < b.Office
		}
		return a.Walk < b.Walk
	})
	for _, b := range m.Bags {
		items := b.Items
		sort.SliceStable(items, func(i, j int) bool { return items[i].Class < items[j].Class })
	}
}

// Count returns the number of items placed in bags.
func (m *Manifest) Count() int {
	n := 0
	for _, b := range m.Bags {
		n += len(b.Items)
	}
	return n
}
