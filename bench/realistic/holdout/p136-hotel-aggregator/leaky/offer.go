// Package aggregator queries several hotel suppliers in parallel for room
// availability and merges their offers into a single ranked list, returning
// whatever has arrived when the search deadline expires.
package aggregator

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Query is an availability search.
type Query struct {
	HotelIDs []string
	CheckIn  time.Time
	CheckOut time.Time
	Adults   int
	Currency string
}

// ErrBadQuery is wrapped by query validation errors.
var ErrBadQuery = errors.New("aggregator: bad query")

// Validate checks that q is a well-formed search.
func (q Query) Validate() error {
	switch {
	case len(q.HotelIDs) == 0:
		return fmt.Errorf("%w: no hotels", ErrBadQuery)
	case !q.CheckOut.After(q.CheckIn):
		return fmt.Errorf("%w: check-out must be after check-in", ErrBadQuery)
	case q.Adults < 1:
		return fmt.Errorf("%w: at least one adult required", ErrBadQuery)
	case len(q.Currency) != 3:
		return fmt.Errorf("%w: currency %q is not an ISO 4217 code", ErrBadQuery, q.Currency)
	}
	return nil
}

// Nights returns the length of stay.
func (q Query) Nights() int {
	return int(q.CheckOut.Sub(q.CheckIn).Hours()+12) / 24
}

// Offer is a bookable rate from one supplier. Prices are in minor units of
// Query.Currency.
type Offer struct {
	Supplier    string
	HotelID     string
	RoomCode    string
	BoardBasis  string
	TotalMinor  int64
	Refundable  bool
	SupplierRef string
	RetrievedAt time.Time
}

// key identifies offers that are the same product from different suppliers.
func (o Offer) key() string {
	return strings.Join([]string{o.HotelID, o.RoomCode, o.BoardBasis, fmt.Sprint(o.Refundable)}, "|")
}

// Merge collapses duplicates, keeping the cheapest offer for each product
// (ties go to the preferred supplier, lower rank first), and sorts the result
// by hotel and then by price.
func Merge(offers []Offer, rank map[string]int) []Offer {
	best := make(map[string]Offer, len(offers))
	for _, o := range offers {
		cur, ok := best[o.key()]
		if !ok || o.TotalMinor < cur.TotalMinor ||
			(o.TotalMinor == cur.TotalMinor && rankOf(rank, o.Supplier) < rankOf(rank, cur.Supplier)) {
			best[o.key()] = o
		}
	}
	out := make([]Offer, 0, len(best))
	for _, o := range best {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].HotelID != out[j].HotelID {
			return out[i].HotelID < out[j].HotelID
		}
		if out[i].TotalMinor != out[j].TotalMinor {
			return out[i].TotalMinor < out[j].TotalMinor
		}
		return out[i].Supplier < out[j].Supplier
	})
	return out
}

func rankOf(rank map[string]int, supplier string) int {
	if r, ok := rank[supplier]; ok {
		return r
	}
	return len(rank)
}
