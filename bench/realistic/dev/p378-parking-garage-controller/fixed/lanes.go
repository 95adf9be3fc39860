package garage

import (
	"context"
	"fmt"
	"time"
)

// HandleArrival is called by the entry loop sensor when a vehicle stops at
// gateID. If a spot is free the vehicle gets a ticket and the barrier is
// raised; otherwise it is held at the gate until a spot frees up, and
// HandleArrival returns immediately so the sensor loop is not blocked.
func (c *Controller) HandleArrival(ctx context.Context, gateID, plate string) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	if len(c.free) == 0 {
		c.mu.Unlock()
		c.kiosk.Show(gateID, "FULL - PLEASE WAIT")
		go c.holdAtGate(gateID, plate)
		return nil
	}
	t := c.issueLocked(plate)
	c.mu.Unlock()
	return c.admit(ctx, gateID, t)
}

// holdAtGate waits for a free spot on behalf of a vehicle at the entry.
func (c *Controller) holdAtGate(gateID, plate string) {
	c.mu.Lock()
	c.waiting++
	c.cfg.Metrics.SetQueueDepth(c.waiting)
	for len(c.free) == 0 && !c.closed {
		c.spotFreed.Wait()
	}
	c.waiting--
	c.cfg.Metrics.SetQueueDepth(c.waiting)
	if c.closed {
		c.mu.Unlock()
		c.kiosk.Show(gateID, "GARAGE CLOSED")
		return
	}
	t := c.issueLocked(plate)
	c.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.GateTimeout)
	defer cancel()
	if err := c.admit(ctx, gateID, t); err != nil {
		c.kiosk.Show(gateID, "PLEASE CALL ATTENDANT")
	}
}

// issueLocked takes a spot and records a ticket. c.mu must be held and a
// spot must be free.
func (c *Controller) issueLocked(plate string) *Ticket {
	spot := c.free[len(c.free)-1]
	c.free = c.free[:len(c.free)-1]
	c.seq++
	t := &Ticket{
		ID:        fmt.Sprintf("T%06d", c.seq),
		Plate:     plate,
		Spot:      spot,
		EnteredAt: c.cfg.Clock.Now(),
	}
	c.tickets[t.ID] = t
	c.cfg.Metrics.SetOccupancy(len(c.cfg.Spots)-len(c.free), len(c.cfg.Spots))
	return t
}

// admit prints the ticket and raises the barrier. If either fails the spot
// is handed back.
func (c *Controller) admit(ctx context.Context, gateID string, t *Ticket) error {
	err := c.kiosk.PrintTicket(gateID, *t)
	if err == nil {
		gctx, cancel := context.WithTimeout(ctx, c.cfg.GateTimeout)
		err = c.gate.Raise(gctx, gateID)
		cancel()
	}
	if err != nil {
		c.mu.Lock()
		delete(c.tickets, t.ID)
		c.releaseLocked(t.Spot)
		c.mu.Unlock()
		return fmt.Errorf("garage: admit %s at %s: %w", t.Plate, gateID, err)
	}
	c.kiosk.Show(gateID, "WELCOME - SPOT "+t.Spot)
	return nil
}

// HandleExit settles ticketID at exit gate gateID and raises the barrier.
// It returns the payment receipt reference.
func (c *Controller) HandleExit(ctx context.Context, gateID, ticketID string) (string, error) {
	c.mu.Lock()
	t, ok := c.tickets[ticketID]
	c.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("garage: exit %s: %w", ticketID, ErrUnknownTicket)
	}

	fee := c.Fee(t.EnteredAt, c.cfg.Clock.Now())
	receipt := "no-charge"
	if fee > 0 {
		var err error
		receipt, err = c.term.Charge(ctx, gateID, t.ID, fee)
		if err != nil {
			return "", fmt.Errorf("garage: charge ticket %s (%d cents): %w", t.ID, fee, err)
		}
	}

	c.mu.Lock()
	if _, still := c.tickets[ticketID]; !still {
		c.mu.Unlock()
		return "", fmt.Errorf("garage: exit %s settled twice: %w", ticketID, ErrUnknownTicket)
	}
	delete(c.tickets, ticketID)
	c.releaseLocked(t.Spot)
	c.mu.Unlock()

	gctx, cancel := context.WithTimeout(ctx, c.cfg.GateTimeout)
	defer cancel()
	if err := c.gate.Raise(gctx, gateID); err != nil {
		return receipt, fmt.Errorf("garage: raise exit %s: %w", gateID, err)
	}
	return receipt, nil
}

// Fee returns the charge in cents for a stay from in to out under the
// configured tariff.
func (c *Controller) Fee(in, out time.Time) int64 {
	stay := out.Sub(in)
	if stay <= c.cfg.Grace {
		return 0
	}
	days := int64(stay / (24 * time.Hour))
	rest := stay % (24 * time.Hour)
	hours := int64(rest / time.Hour)
	if rest%time.Hour != 0 {
		hours++
	}
	perDay := 24 * c.cfg.HourlyRateCents
	partial := hours * c.cfg.HourlyRateCents
	if c.cfg.DailyMaxCents > 0 {
		if perDay > c.cfg.DailyMaxCents {
			perDay = c.cfg.DailyMaxCents
		}
		if partial > c.cfg.DailyMaxCents {
			partial = c.cfg.DailyMaxCents
		}
	}
	return days*perDay + partial
}
