package wave

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// ErrUnknownSKU is returned by a Locator when a SKU has no pick face.
var ErrUnknownSKU = errors.New("wave: sku has no pick location")

// Line is a single SKU/quantity pair on an order.
type Line struct {
	SKU string
	Qty int
}

// Order is a customer order waiting to be picked.
type Order struct {
	ID       string
	Priority int // higher is more urgent (e.g. next-day air)
	Received time.Time
	Lines    []Line
}

// Location is a pick face in the building.
type Location struct {
	Zone  string
	Aisle int
	Bay   int
	Level int
}

// Pick is one line of a wave: go to Location and take Qty of SKU for OrderID.
type Pick struct {
	OrderID  string
	SKU      string
	Qty      int
	Location Location
}

// Wave is a batch of picks in a single zone that one picker walks in one pass.
// ID is assigned when the wave is released; previewed waves have no ID.
type Wave struct {
	ID     string
	Zone   string
	Orders []string
	Picks  []Pick
}

// Locator resolves SKUs to pick faces. It is normally backed by the slotting
// service.
type Locator interface {
	Locate(ctx context.Context, sku string) (Location, error)
}

// plan groups orders into waves. Orders containing a SKU the locator does
// not know are returned in held rather than failing the whole plan; any other
// locator error aborts planning.
func (p *Planner) plan(ctx context.Context, orders []Order) (waves []Wave, held map[string]error, err error) {
	sort.SliceStable(orders, func(i, j int) bool {
		if orders[i].Priority != orders[j].Priority {
			return orders[i].Priority > orders[j].Priority
		}
		return orders[i].Received.Before(orders[j].Received)
	})

	held = make(map[string]error)
	byZone := make(map[string][]Pick)
	var zones []string

	for _, o := range orders {
		picks, err := p.locateOrder(ctx, o)
		switch {
		case errors.Is(err, ErrUnknownSKU):
			held[o.ID] = err
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("plan order %s: %w", o.ID, err)
		}
		for _, pk := range picks {
			if _, ok := byZone[pk.Location.Zone]; !ok {
				zones = append(zones, pk.Location.Zone)
			}
			byZone[pk.Location.Zone] = append(byZone[pk.Location.Zone], pk)
		}
	}

	sort.Strings(zones)
	for _, z := range zones {
		waves = append(waves, p.pack(z, byZone[z])...)
	}
	return waves, held, nil
}

func (p *Planner) locateOrder(ctx context.Context, o Order) ([]Pick, error) {
	picks := make([]Pick, 0, len(o.Lines))
	for _, l := range o.Lines {
		loc, err := p.loc.Locate(ctx, l.SKU)
		if err != nil {
			return nil, fmt.Errorf("locate %s: %w", l.SKU, err)
		}
		picks = append(picks, Pick{OrderID: o.ID, SKU: l.SKU, Qty: l.Qty, Location: loc})
	}
	return picks, nil
}

// pack splits the picks of one zone into waves that respect the configured
// line and order limits, keeping all lines of an order in the same wave, and
// sorts each wave into walking order. The picks of an order are contiguous.
func (p *Planner) pack(zone string, picks []Pick) []Wave {
	var waves []Wave
	cur := Wave{Zone: zone}

	flush := func() {
		if len(cur.Picks) == 0 {
			return
		}
		sortWalk(cur.Picks)
		waves = append(waves, cur)
		cur = Wave{Zone: zone}
	}

	for i := 0; i < len(picks); {
		j := i
		for j < len(picks) && picks[j].OrderID == picks[i].OrderID {
			j++
		}
		group := picks[i:j]
		if len(cur.Picks)+len(group) > p.cfg.MaxLinesPerWave || len(cur.Orders) >= p.cfg.MaxOrdersPerWave {
			flush()
		}
		cur.Orders = append(cur.Orders, picks[i].OrderID)
		cur.Picks = append(cur.Picks, group...)
		i = j
	}
	flush()
	return waves
}

// sortWalk orders picks along a serpentine path: odd aisles are walked
// front-to-back, even aisles back-to-front, so the picker never doubles back.
func sortWalk(picks []Pick) {
	sort.SliceStable(picks, func(i, j int) bool {
		a, b := picks[i].Location, picks[j].Location
		if a.Aisle != b.Aisle {
			return a.Aisle < b.Aisle
		}
		if a.Bay != b.Bay {
			if a.Aisle%2 == 1 {
				return a.Bay < b.Bay
			}
			return a.Bay > b.Bay
		}
		return a.Level < b.Level
	})
}
