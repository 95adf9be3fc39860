package carpool

import (
	"context"
	"fmt"
	"sort"
	"time"
)

func (m *Matcher) runZone(info ZoneInfo, in <-chan Request, quit <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	var (
		pending []Request
		timer   *time.Timer
		fire    <-chan time.Time
	)
	stopTimer := func() {
		if timer != nil {
			timer.Stop()
		}
		fire = nil
	}
	for {
		select { // leak: duplicate zone worker was replaced in the map, its quit is never closed
		case r := <-in:
			pending = append(pending, r)
			if len(pending) >= m.cfg.MaxBatch {
				stopTimer()
				m.flush(info, pending)
				pending = nil
			} else if fire == nil {
				timer = time.NewTimer(info.BatchWindow)
				fire = timer.C
			}
		case <-fire:
			fire = nil
			m.flush(info, pending)
			pending = nil
		case <-quit:
			stopTimer()
			if len(pending) > 0 {
				m.flush(info, pending)
			}
			return
		}
	}
}

func (m *Matcher) flush(info ZoneInfo, batch []Request) {
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.FlushTimeout)
	defer cancel()

	drivers, err := m.drivers.Available(ctx, info.ID)
	if err != nil {
		m.log.Printf("carpool: zone %s: listing drivers: %v", info.ID, err)
		for _, r := range batch {
			m.notifyUnmatched(ctx, r, "driver service unavailable")
		}
		return
	}
	offers, unmatched := pool(info, drivers, batch)
	for _, o := range offers {
		if err := m.out.Offer(ctx, o); err != nil {
			m.log.Printf("carpool: zone %s: offer to driver %s: %v", info.ID, o.DriverID, err)
		}
	}
	for _, r := range unmatched {
		m.notifyUnmatched(ctx, r, "no driver within detour limit")
	}
	m.log.Printf("carpool: zone %s: %d requests, %d offers, %d unmatched",
		info.ID, len(batch), len(offers), len(unmatched))
}

func (m *Matcher) notifyUnmatched(ctx context.Context, r Request, reason string) {
	if err := m.out.Unmatched(ctx, r, reason); err != nil {
		m.log.Printf("carpool: notifying rider %s: %v", r.RiderID, err)
	}
}

func pool(info ZoneInfo, drivers []Driver, batch []Request) ([]Offer, []Request) {
	reqs := append([]Request(nil), batch...)
	sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].DepartBy.Before(reqs[j].DepartBy) })

	seats := make(map[string]int, len(drivers))
	for _, d := range drivers {
		seats[d.ID] = d.FreeSeats
	}
	byDriver := make(map[string]*Offer)
	var order []string
	var unmatched []Request
	for _, r := range reqs {
		best, bestKm := -1, info.MaxDetourKm
		for i, d := range drivers {
			if seats[d.ID] < r.Seats {
				continue
			}
			km := DistanceKm(d.Position, r.Pickup) + DistanceKm(r.Dropoff, d.Destination)
			if km <= bestKm {
				best, bestKm = i, km
			}
		}
		if best < 0 {
			unmatched = append(unmatched, r)
			continue
		}
		d := drivers[best]
		seats[d.ID] -= r.Seats
		o, ok := byDriver[d.ID]
		if !ok {
			o = &Offer{ID: fmt.Sprintf("%s-%s-%d", info.ID, d.ID, r.DepartBy.Unix()), DriverID: d.ID, Zone: info.ID}
			byDriver[d.ID] = o
			order = append(order, d.ID)
		}
		o.RiderIDs = append(o.RiderIDs, r.RiderID)
		o.DetourKm += bestKm
	}
	offers := make([]Offer, 0, len(order))
	for _, id := range order {
		offers = append(offers, *byDriver[id])
	}
	return offers, unmatched
}
