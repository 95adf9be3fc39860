package laundromat

import (
	"context"
	"time"
)

// MachineStatus is one row of the wall display and the mobile app.
type MachineStatus struct {
	ID        string
	Kind      MachineKind
	State     State
	Remaining time.Duration
	Runs      int
}

// Snapshot returns the status of every machine, ordered by id.
func (p *Pool) Snapshot() []MachineStatus {
	now := p.cfg.Clock()
	out := make([]MachineStatus, 0, len(p.ids))
	for _, id := range p.ids {
		m := p.machines[id]
		m.mu.Lock()
		p.settleLocked(m, now)
		st := MachineStatus{ID: id, Kind: m.spec.Kind, State: m.state, Runs: m.runs}
		if m.cycle != nil {
			st.Remaining = m.cycle.EndsAt.Sub(now)
		}
		m.mu.Unlock()
		out = append(out, st)
	}
	return out
}

// WatchStatus calls fn with a fresh snapshot every interval until ctx is
// cancelled or the returned stop function is called.
func (p *Pool) WatchStatus(ctx context.Context, interval time.Duration, fn func([]MachineStatus)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		fn(p.Snapshot())
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fn(p.Snapshot())
			}
		}
	}()
	return cancel
}
