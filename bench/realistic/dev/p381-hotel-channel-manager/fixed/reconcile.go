package channelmgr

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Reconcile pulls the reservations every site has taken since the previous
// run, applies them to the inventory and publishes the resulting
// availability to all sites. Sites that cannot be reached are skipped and
// retried on the next run; their names are reported in an error wrapping
// ErrSiteUnavailable.
func (m *Manager) Reconcile(ctx context.Context) error {
	m.mu.RLock()
	if m.closed {
		m.mu.RUnlock()
		return ErrClosed
	}
	type target struct {
		site  Site
		since time.Time
	}
	targets := make([]target, 0, len(m.sites))
	for name, w := range m.sites {
		targets = append(targets, target{site: w.site, since: m.cursors[name]})
	}
	m.mu.RUnlock()
	sort.Slice(targets, func(i, j int) bool { return targets[i].site.Name() < targets[j].site.Name() })

	var (
		changed     []Availability
		unreachable []string
	)
	for _, tg := range targets {
		name := tg.site.Name()
		started := m.clock.Now()
		res, err := tg.site.FetchReservations(ctx, tg.since)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("channelmgr: reconcile: %w", ctx.Err())
			}
			m.log.Printf("channelmgr: fetching reservations from %s: %v", name, err)
			unreachable = append(unreachable, name)
			continue
		}
		for _, r := range res {
			key := reservationKey(name, r)
			if m.wasApplied(key) {
				continue
			}
			av, err := m.inv.ApplyReservation(ctx, r)
			if err != nil {
				return fmt.Errorf("channelmgr: applying reservation %s from %s: %w", r.ID, name, err)
			}
			m.markApplied(key)
			changed = append(changed, av...)
		}
		m.mu.Lock()
		m.cursors[name] = started
		m.mu.Unlock()
	}

	if len(changed) > 0 {
		if err := m.Publish(ctx, changed...); err != nil {
			return fmt.Errorf("channelmgr: reconcile: %w", err)
		}
	}
	if len(unreachable) > 0 {
		return fmt.Errorf("channelmgr: reconcile incomplete for %s: %w",
			strings.Join(unreachable, ", "), ErrSiteUnavailable)
	}
	return nil
}

// reservationKey identifies one change to a reservation; a booking and its
// later cancellation are applied separately.
func reservationKey(site string, r Reservation) string {
	state := "booked"
	if r.Cancelled {
		state = "cancelled"
	}
	return site + "/" + r.ID + "/" + state
}

func (m *Manager) wasApplied(key string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.applied[key]
}

func (m *Manager) markApplied(key string) {
	m.mu.Lock()
	m.applied[key] = true
	m.mu.Unlock()
}
