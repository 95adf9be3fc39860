package kiosk

import (
	"context"
	"fmt"
)

// slotState tracks sales against a single slot. Guarded by Kiosk.mu.
type slotState struct {
	slot    Slot
	sold    int
	held    int
	waiting int
}

func (s *slotState) available() int {
	return s.slot.Capacity - s.sold - s.held
}

// Available reports how many admissions can still be held for slotID.
func (k *Kiosk) Available(slotID string) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	st, ok := k.slots[slotID]
	if !ok {
		return 0, fmt.Errorf("available %q: %w", slotID, ErrUnknownSlot)
	}
	return st.available(), nil
}

// HoldSeats places a cart hold for qty admissions in slotID.
func (k *Kiosk) HoldSeats(ctx context.Context, slotID string, qty int) (Hold, error) {
	if err := ctx.Err(); err != nil {
		return Hold{}, err
	}
	if qty <= 0 {
		return Hold{}, fmt.Errorf("hold %d seats: %w", qty, ErrBadQuantity)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return Hold{}, ErrClosed
	}
	st, ok := k.slots[slotID]
	if !ok {
		return Hold{}, fmt.Errorf("hold in %q: %w", slotID, ErrUnknownSlot)
	}
	if st.available() < qty {
		return Hold{}, fmt.Errorf("hold %d in %q: %w", qty, slotID, ErrSoldOut)
	}
	return k.placeHoldLocked(st, qty), nil
}

func (k *Kiosk) placeHoldLocked(st *slotState, qty int) Hold {
	h := &Hold{
		ID:      k.nextID("H"),
		SlotID:  st.slot.ID,
		Qty:     qty,
		Expires: k.clock.Now().Add(k.holdTTL),
	}
	st.held += qty
	k.holds[h.ID] = h
	return *h
}

// Checkout turns a hold into a pass. The pass is queued for the next
// turnstile sync.
func (k *Kiosk) Checkout(ctx context.Context, holdID string) (Pass, error) {
	if err := ctx.Err(); err != nil {
		return Pass{}, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	h, ok := k.holds[holdID]
	if !ok {
		return Pass{}, fmt.Errorf("checkout %q: %w", holdID, ErrUnknownHold)
	}
	now := k.clock.Now()
	if now.After(h.Expires) {
		k.dropHoldLocked(h)
		return Pass{}, fmt.Errorf("checkout %q: %w", holdID, ErrHoldExpired)
	}
	st := k.slots[h.SlotID]
	st.held -= h.Qty
	st.sold += h.Qty
	delete(k.holds, h.ID)

	p := Pass{Code: k.nextID("P"), SlotID: h.SlotID, Qty: h.Qty, Issued: now}
	k.pending = append(k.pending, p)
	return p, nil
}

// ReleaseHold gives a cart's seats back to the slot.
func (k *Kiosk) ReleaseHold(holdID string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	h, ok := k.holds[holdID]
	if !ok {
		return fmt.Errorf("release %q: %w", holdID, ErrUnknownHold)
	}
	k.dropHoldLocked(h)
	return nil
}

// ExpireHolds reclaims every hold whose deadline has passed and returns how
// many were reclaimed.
func (k *Kiosk) ExpireHolds() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	now := k.clock.Now()
	n := 0
	for _, h := range k.holds {
		if now.After(h.Expires) {
			k.obs.HoldExpired(*h)
			k.dropHoldLocked(h)
			n++
		}
	}
	return n
}

// dropHoldLocked removes h and wakes waitlisted visitors, since seats may
// now be free.
func (k *Kiosk) dropHoldLocked(h *Hold) {
	if st, ok := k.slots[h.SlotID]; ok {
		st.held -= h.Qty
	}
	delete(k.holds, h.ID)
	k.cond.Broadcast()
}
