package fuelauth

import "context"

// sweep periodically reverses holds that were never completed, e.g.
// because the pump lost power or the driver drove off without fuelling.
func (a *Authorizer) sweep(ctx context.Context, t Ticker) {
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C():
			for _, h := range a.expire() {
				if err := a.cfg.Network.Reverse(ctx, h.AuthCode, h.Amount); err != nil {
					a.logf("reverse expired hold %s: %v", h.ID, err)
				}
			}
		}
	}
}

// expire removes holds older than the TTL and resets daily spend when the
// day changes. It returns the removed holds.
func (a *Authorizer) expire() []*Hold {
	now := a.cfg.Clock.Now()

	a.mu.Lock()
	defer a.mu.Unlock()

	if day := now.Format("2006-01-02"); day != a.day {
		a.day = day
		a.spent = make(map[string]map[Product]int64)
	}
	var expired []*Hold
	for id, h := range a.holds {
		if now.Sub(h.CreatedAt) >= a.cfg.HoldTTL {
			expired = append(expired, h)
			delete(a.holds, id)
		}
	}
	return expired
}

func (a *Authorizer) logf(format string, args ...interface{}) {
	if a.cfg.Logger != nil {
		a.cfg.Logger.Printf(format, args...)
	}
}
