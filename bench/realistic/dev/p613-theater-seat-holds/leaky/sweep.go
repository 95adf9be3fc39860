package seatholds

import "time"

func (b *BoxOffice) sweepLoop() {
	t := time.NewTicker(b.cfg.SweepInterval)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			if n := b.expireHolds(b.cfg.Now()); n > 0 {
				b.log.Printf("perf=%s reclaimed %d expired holds", b.cfg.Performance, n)
			}
		}
	}
}

// expireHolds returns the seats of every hold that has run out to sale and
// wakes the waitlist promoter if anything was freed.
func (b *BoxOffice) expireHolds(now time.Time) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, h := range b.holds {
		if now.Before(h.ExpiresAt) {
			continue
		}
		b.releaseLocked(h)
		n++
	}
	if n > 0 {
		b.cond.Broadcast()
	}
	return n
}
