package lease

import (
	"context"
	"time"
)

// sweepLoop expires overdue leases on every tick until Close.
func (m *Manager) sweepLoop() {
	defer close(m.sweepDone)
	ticks, stop := m.clock.NewTicker(m.sweepEvery)
	defer stop()
	for {
		select {
		case <-m.stopSweep:
			return
		case now := <-ticks:
			for _, l := range m.expireDue(now) {
				if m.onExpire != nil {
					m.onExpire(l)
				}
			}
		}
	}
}

// expireDue removes every lease whose deadline is at or before now and
// returns snapshots of what it removed. Leases whose deletion cannot be
// persisted stay in place and are retried on the next sweep.
func (m *Manager) expireDue(now time.Time) []Lease {
	m.mu.Lock()
	defer m.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), m.sweepEvery)
	defer cancel()

	var expired []Lease
	for id, e := range m.byID {
		if e.lease.ExpiresAt.After(now) {
			continue
		}
		if err := m.store.Delete(ctx, id); err != nil {
			continue
		}
		delete(m.byID, id)
		delete(m.byResource, e.lease.Resource)
		e.state = stateExpired
		e.lease.Revision++
		expired = append(expired, e.lease)
	}
	return expired
}
