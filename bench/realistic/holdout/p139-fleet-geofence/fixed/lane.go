package geofence

import (
	"context"
	"fmt"
	"time"
)

// notifyAttempts bounds how often a single entry is offered to dispatch.
const notifyAttempts = 3

// lane processes the pings of one vehicle in order.
type lane struct {
	t       *Tracker
	vehicle string
	fences  []Fence
	gen     uint64
	in      chan Ping
	done    chan struct{}
}

func (l *lane) run(ctx context.Context) {
	defer close(l.done)
	inside := make(map[string]bool, len(l.fences))
	var last time.Time
	for p := range l.in {
		// GPS units buffer fixes while out of coverage and may replay them
		// out of order; an old fix must not flip containment back.
		if !last.IsZero() && p.At.Before(last) {
			continue
		}
		last = p.At
		for _, f := range l.fences {
			now := f.Region.Contains(p.Position)
			was := inside[f.ID]
			inside[f.ID] = now
			if now && !was {
				l.notify(ctx, Entry{VehicleID: l.vehicle, FenceID: f.ID, Position: p.Position, At: p.At})
			}
		}
	}
}

func (l *lane) notify(ctx context.Context, e Entry) {
	var err error
	for attempt := 1; attempt <= notifyAttempts; attempt++ {
		if err = l.t.cfg.Dispatcher.NotifyEntry(ctx, e); err == nil {
			return
		}
		if ctx.Err() != nil {
			break
		}
	}
	l.t.cfg.OnError(fmt.Errorf("geofence: notify %s entered %s: %w", e.VehicleID, e.FenceID, err))
}
