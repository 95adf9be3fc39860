package locker

import (
	"context"
	"errors"
	"fmt"
)

// Deposit opens the reserved compartment for the courier and, once the
// parcel is in, sends the recipient a pickup code.
func (b *Bank) Deposit(ctx context.Context, reservationID string, p Parcel) (string, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return "", ErrClosed
	}
	id, ok := b.reservations[reservationID]
	b.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrUnknownReservation, reservationID)
	}
	s := b.slots[id]

	code, err := b.newCode()
	if err != nil {
		return "", err
	}

	s.mu.Lock()
	if s.state != slotReserved || s.reservation != reservationID {
		s.mu.Unlock()
		return "", fmt.Errorf("%w: %s", ErrReservationLapsed, reservationID)
	}
	if p.Size > s.size {
		s.mu.Unlock()
		return "", fmt.Errorf("%w: %s parcel in %s compartment %s", ErrParcelTooLarge, p.Size, s.size, s.id)
	}

	dctx, cancel := context.WithTimeout(ctx, b.cfg.DoorTimeout)
	err = b.doors.Open(dctx, s.id)
	cancel()
	if err != nil {
		if errors.Is(err, ErrDoorJammed) {
			s.state = slotOutOfService
			s.reservation = ""
			s.mu.Unlock()
			b.logger.Printf("locker %s: compartment %s jammed, taken out of service", b.cfg.LockerID, s.id)
			return "", fmt.Errorf("locker %s compartment %s: %w", b.cfg.LockerID, s.id, err)
		}
		s.mu.Unlock()
		return "", fmt.Errorf("locker %s compartment %s: open door: %w", b.cfg.LockerID, s.id, err)
	}

	parcel := p
	s.state = slotOccupied
	s.reservation = ""
	s.parcel = &parcel
	s.code = code
	s.mu.Unlock()

	b.mu.Lock()
	if t, ok := b.holds[reservationID]; ok {
		t.Stop()
		delete(b.holds, reservationID)
	}
	delete(b.reservations, reservationID)
	b.codes[code] = s.id
	b.mu.Unlock()

	n := Notice{LockerID: b.cfg.LockerID, SlotID: s.id, Tracking: p.Tracking, Recipient: p.Recipient, Code: code}
	if err := b.notify.ParcelReady(ctx, n); err != nil {
		b.logger.Printf("locker %s: notify %s about %s: %v", b.cfg.LockerID, p.Recipient, p.Tracking, err)
	}
	return code, nil
}

// Pickup opens the compartment matching code and hands the parcel over.
func (b *Bank) Pickup(ctx context.Context, code string) (Parcel, error) {
	b.mu.Lock()
	id, ok := b.codes[code]
	if ok {
		delete(b.codes, code)
	}
	b.mu.Unlock()
	if !ok {
		return Parcel{}, ErrBadCode
	}
	s := b.slots[id]

	s.mu.Lock()
	if s.state != slotOccupied || s.code != code {
		s.mu.Unlock()
		return Parcel{}, ErrBadCode
	}
	dctx, cancel := context.WithTimeout(ctx, b.cfg.DoorTimeout)
	err := b.doors.Open(dctx, s.id)
	cancel()
	if err != nil {
		s.mu.Unlock()
		b.mu.Lock()
		b.codes[code] = id
		b.mu.Unlock()
		return Parcel{}, fmt.Errorf("locker %s compartment %s: open door: %w", b.cfg.LockerID, s.id, err)
	}
	p := *s.parcel
	s.parcel = nil
	s.code = ""
	s.state = slotFree
	s.mu.Unlock()

	b.mu.Lock()
	b.free[s.size] = append(b.free[s.size], s.id)
	b.mu.Unlock()
	b.logger.Printf("locker %s: %s collected from %s", b.cfg.LockerID, p.Tracking, s.id)
	return p, nil
}

// expireHold runs when a courier has not deposited within the hold time.
func (b *Bank) expireHold(s *slot, reservationID string) {
	s.mu.Lock()
	if s.state != slotReserved || s.reservation != reservationID {
		s.mu.Unlock()
		return
	}
	s.state = slotFree
	s.reservation = ""
	s.mu.Unlock()

	b.mu.Lock()
	delete(b.reservations, reservationID)
	delete(b.holds, reservationID)
	b.free[s.size] = append(b.free[s.size], s.id)
	b.mu.Unlock()
	b.logger.Printf("locker %s: reservation %s on %s lapsed", b.cfg.LockerID, reservationID, s.id)
}
