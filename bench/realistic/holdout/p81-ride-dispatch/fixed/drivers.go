package dispatch

import (
	"fmt"
	"math"
	"sort"
)

// Location is a point on the map in decimal degrees.
type Location struct{ Lat, Lng float64 }

const (
	earthRadiusKm = 6371.0
	// driverInboxSize bounds how many offers can queue for a single device.
	driverInboxSize = 4
)

// distanceKm returns the great-circle (haversine) distance between a and b.
func distanceKm(a, b Location) float64 {
	const rad = math.Pi / 180
	sLat := math.Sin((b.Lat - a.Lat) * rad / 2)
	sLng := math.Sin((b.Lng - a.Lng) * rad / 2)
	h := sLat*sLat + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*sLng*sLng
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(h))
}

// driverSession is an online driver. Offers are delivered to the driver's
// device from a dedicated goroutine so that a slow push gateway never holds
// up matching for other riders.
type driverSession struct {
	id       string
	loc      Location
	inbox    chan Offer
	reserved bool // an offer is outstanding
	onTrip   bool
	missed   int // consecutive unanswered offers
}

// GoOnline registers a driver as available at loc, or updates the location of
// a driver who is already online.
func (d *Dispatcher) GoOnline(driverID string, loc Location) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	if s, ok := d.drivers[driverID]; ok {
		s.loc = loc
		return nil
	}
	s := &driverSession{id: driverID, loc: loc, inbox: make(chan Offer, driverInboxSize)}
	d.drivers[driverID] = s
	go d.deliver(s)
	return nil
}

// GoOffline removes a driver from matching.
func (d *Dispatcher) GoOffline(driverID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.drivers[driverID]
	if !ok {
		return fmt.Errorf("driver %s: %w", driverID, ErrDriverOffline)
	}
	delete(d.drivers, driverID)
	close(s.inbox)
	return nil
}

// CompleteTrip makes a driver available again after dropping off a rider.
func (d *Dispatcher) CompleteTrip(driverID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.drivers[driverID]
	if !ok {
		return fmt.Errorf("driver %s: %w", driverID, ErrDriverOffline)
	}
	s.onTrip = false
	s.reserved = false
	return nil
}

// deliver pushes queued offers to the driver's device.
func (d *Dispatcher) deliver(s *driverSession) {
	for o := range s.inbox {
		if err := d.notifier.NotifyOffer(d.ctx, o); err != nil {
			// The device cannot be reached. Decline on the driver's behalf
			// so the rider does not sit out the whole offer window.
			_ = d.Respond(o.ID, s.id, false)
		}
	}
}

// candidates returns the IDs of free drivers near pickup, nearest first.
func (d *Dispatcher) candidates(pickup Location) ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, ErrClosed
	}
	type cand struct {
		id   string
		dist float64
	}
	var cs []cand
	for id, s := range d.drivers {
		if s.onTrip || s.reserved {
			continue
		}
		dist := distanceKm(pickup, s.loc)
		if d.radiusKm > 0 && dist > d.radiusKm {
			continue
		}
		cs = append(cs, cand{id: id, dist: dist})
	}
	if len(cs) == 0 {
		return nil, ErrNoDriverAvailable
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].dist < cs[j].dist })
	if d.maxCandidates > 0 && len(cs) > d.maxCandidates {
		cs = cs[:d.maxCandidates]
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.id
	}
	return ids, nil
}
