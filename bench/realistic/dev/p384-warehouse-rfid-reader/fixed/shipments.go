package rfidgw

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// loading is a shipment still being loaded through a door.
type loading struct {
	id        string
	epcs      map[string]struct{}
	firstSeen time.Time
	lastSeen  time.Time
}

func newLoading(id string, at time.Time) *loading {
	return &loading{id: id, epcs: make(map[string]struct{}), firstSeen: at, lastSeen: at}
}

func (l *loading) add(epc string, at time.Time) {
	l.epcs[epc] = struct{}{}
	if at.After(l.lastSeen) {
		l.lastSeen = at
	}
	if at.Before(l.firstSeen) {
		l.firstSeen = at
	}
}

func (l *loading) shipment(door string) Shipment {
	s := Shipment{ID: l.id, Door: door, FirstSeen: l.firstSeen, LastSeen: l.lastSeen}
	for epc := range l.epcs {
		s.EPCs = append(s.EPCs, epc)
	}
	sort.Strings(s.EPCs)
	return s
}

// Pending returns the shipments not yet posted, settled or not, by door.
func (g *Gateway) Pending() map[string]Shipment {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[string]Shipment, len(g.open))
	for door, l := range g.open {
		out[door] = l.shipment(door)
	}
	return out
}

// Posted returns how many shipments were accepted by the WMS.
func (g *Gateway) Posted() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.posted
}

// takeSettled removes and returns the shipments of doors that have seen no
// new tag for SettleAfter.
func (g *Gateway) takeSettled(now time.Time) []Shipment {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []Shipment
	for door, l := range g.open {
		if now.Sub(l.lastSeen) < g.cfg.SettleAfter {
			continue
		}
		out = append(out, l.shipment(door))
		delete(g.open, door)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Door < out[j].Door })
	return out
}

// requeue puts a shipment that could not be posted back, merging it with
// whatever has been loaded through its door since.
func (g *Gateway) requeue(s Shipment) {
	g.mu.Lock()
	defer g.mu.Unlock()
	l := g.open[s.Door]
	if l == nil {
		l = newLoading(s.ID, s.FirstSeen)
		g.open[s.Door] = l
	} else {
		l.id = s.ID
	}
	for _, epc := range s.EPCs {
		l.add(epc, s.LastSeen)
	}
	if s.FirstSeen.Before(l.firstSeen) {
		l.firstSeen = s.FirstSeen
	}
}

// post sends one shipment, putting it back for the next flush on failure.
func (g *Gateway) post(ctx context.Context, s Shipment) error {
	if err := g.api.PostShipment(ctx, s); err != nil {
		g.requeue(s)
		return fmt.Errorf("posting shipment %s (%d tags) from %s: %w", s.ID, len(s.EPCs), s.Door, err)
	}
	g.mu.Lock()
	g.posted++
	g.mu.Unlock()
	return nil
}

// FlushSettled posts the settled shipments of all doors concurrently. It
// returns the first failure; the remaining posts are then cancelled and
// every shipment that was not accepted is kept for the next flush.
func (g *Gateway) FlushSettled(ctx context.Context) error {
	ready := g.takeSettled(g.clock.Now())
	if len(ready) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, g.cfg.PostTimeout)
	defer cancel()

	errc := make(chan error, len(ready))
	for _, s := range ready {
		go func(s Shipment) {
			errc <- g.post(ctx, s)
		}(s)
	}
	for range ready {
		if err := <-errc; err != nil {
			return fmt.Errorf("rfidgw: %w", err)
		}
	}
	return nil
}
