package seatholds

import "time"

type waitEntry struct {
	customer string
	party    int
	joined   time.Time
}

// JoinWaitlist queues a customer for a sold-out performance. Seats that come
// back to sale are offered to waitlisted parties in the order they joined.
// It returns the customer's position in the queue.
func (b *BoxOffice) JoinWaitlist(customer string, party int) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, ErrClosed
	}
	if party <= 0 || party > len(b.order) {
		return 0, ErrPartyTooLarge
	}
	for i, w := range b.waitlist {
		if w.customer == customer {
			return i + 1, nil
		}
	}
	b.waitlist = append(b.waitlist, waitEntry{customer: customer, party: party, joined: b.cfg.Now()})
	b.cond.Broadcast()
	return len(b.waitlist), nil
}

// WaitlistLen reports how many parties are waiting for seats.
func (b *BoxOffice) WaitlistLen() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.waitlist)
}

func (b *BoxOffice) promoteLoop() {
	for {
		b.mu.Lock()
		for len(b.waitlist) == 0 && !b.closed {
			b.cond.Wait()
		}
		if b.closed {
			b.mu.Unlock()
			return
		}
		next := b.waitlist[0]
		if !b.waitForSeatsLocked(next.party) {
			b.mu.Unlock()
			return
		}
		b.waitlist = b.waitlist[1:]
		h := b.holdBestLocked(next.customer, next.party, b.cfg.OfferTTL)
		b.mu.Unlock()

		b.log.Printf("perf=%s offering %v to waitlisted %s (waited %s)",
			b.cfg.Performance, h.Seats, next.customer, b.cfg.Now().Sub(next.joined).Round(time.Millisecond))
		if err := b.cfg.Notifier.OfferHold(b.ctx, b.cfg.Performance, h); err != nil {
			b.log.Printf("perf=%s offer to %s failed, returning seats: %v", b.cfg.Performance, next.customer, err)
			_ = b.Release(h.ID)
		}
	}
}

// waitForSeatsLocked blocks until n seats are open. b.mu must be held. It
// reports false if sales closed in the meantime.
func (b *BoxOffice) waitForSeatsLocked(n int) bool {
	for b.availableLocked() < n && !b.closed {
		b.cond.Wait()
	}
	return !b.closed
}
