// Package ratecache caches carrier shipping rate cards. Lookups for the
// same lane are coalesced so a burst of checkouts produces one carrier API
// call, and entries are refreshed in the background once they go stale so
// callers rarely wait on a carrier.
package ratecache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNoRates is returned when a carrier offers no service on a lane.
var ErrNoRates = errors.New("ratecache: no rates for lane")

// Lane identifies what is being priced: a route, a service level and a
// weight bracket. Rates are cached per lane.
type Lane struct {
	Carrier     string
	Origin      string // postal code or country/postal
	Destination string
	Service     string // e.g. "ground", "2day"
	WeightClass int    // bracket index, see WeightClassOf
}

func (l Lane) key() string {
	return strings.Join([]string{
		l.Carrier, l.Origin, l.Destination, l.Service, fmt.Sprint(l.WeightClass),
	}, "|")
}

// WeightClassOf maps a parcel weight in grams to a rate-card bracket.
func WeightClassOf(grams int) int {
	brackets := []int{500, 1000, 2000, 5000, 10000, 20000, 30000}
	for i, limit := range brackets {
		if grams <= limit {
			return i
		}
	}
	return len(brackets)
}

// Rate is a price on a lane, in minor currency units.
type Rate struct {
	Amount      int64
	Currency    string
	TransitDays int
}

// Card is the set of rates a carrier quoted for a lane.
type Card struct {
	Lane      Lane
	Rates     []Rate
	FetchedAt time.Time
}

// Cheapest returns the lowest rate on the card.
func (c Card) Cheapest() (Rate, bool) {
	if len(c.Rates) == 0 {
		return Rate{}, false
	}
	best := c.Rates[0]
	for _, r := range c.Rates[1:] {
		if r.Amount < best.Amount {
			best = r
		}
	}
	return best, true
}

// Source fetches rate cards from a carrier API.
type Source interface {
	FetchRates(ctx context.Context, lane Lane) ([]Rate, error)
}

// Clock abstracts time so expiry can be tested.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Metrics receives cache events. All methods must be safe for concurrent
// use and must not block.
type Metrics interface {
	Hit(lane Lane)
	Miss(lane Lane)
	Stale(lane Lane)
	Coalesced(lane Lane)
	RefreshFailed(lane Lane, err error)
}

type nopMetrics struct{}

func (nopMetrics) Hit(Lane)                  {}
func (nopMetrics) Miss(Lane)                 {}
func (nopMetrics) Stale(Lane)                {}
func (nopMetrics) Coalesced(Lane)            {}
func (nopMetrics) RefreshFailed(Lane, error) {}
