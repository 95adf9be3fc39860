package seats

import (
	"context"
	"fmt"
	"strings"
)

// Partner is a codeshare partner's reservation system.
type Partner interface {
	// Name identifies the partner, for example its airline code.
	Name() string
	// BlockedSeats returns the seats on flightID the partner has sold or
	// is holding through its own channels.
	BlockedSeats(ctx context.Context, flightID string) ([]string, error)
	// PushAvailability publishes our availability to the partner.
	PushAvailability(ctx context.Context, a Availability) error
}

// SyncPartners reconciles flightID with every configured partner: seats a
// partner has taken are blocked locally and the resulting availability is
// pushed back. A failing partner does not stop the others from syncing; the
// returned error wraps ErrPartnerSync and names every partner that failed.
func (inv *Inventory) SyncPartners(ctx context.Context, flightID string) error {
	var failures []string
	for _, p := range inv.partners {
		if err := inv.syncPartner(ctx, p, flightID); err != nil {
			inv.log.Printf("seats: sync %s with %s: %v", flightID, p.Name(), err)
			failures = append(failures, fmt.Sprintf("%s: %v", p.Name(), err))
		}
	}
	if len(failures) > 0 {
		return fmt.Errorf("%w: flight %s: %s", ErrPartnerSync, flightID, strings.Join(failures, "; "))
	}
	return nil
}

// syncPartner reconciles one partner. Partner adapters parse third-party
// payloads, so a panic while syncing one partner is turned into an error
// rather than taking the service down.
func (inv *Inventory) syncPartner(ctx context.Context, p Partner, flightID string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic during sync: %v", r)
		}
	}()

	blocked, err := p.BlockedSeats(ctx, flightID)
	if err != nil {
		return fmt.Errorf("fetch blocked seats: %w", err)
	}
	snap, err := inv.applyPartnerBlocks(flightID, p.Name(), blocked)
	if err != nil {
		return err
	}
	if err := p.PushAvailability(ctx, snap); err != nil {
		return fmt.Errorf("push availability: %w", err)
	}
	return nil
}

// applyPartnerBlocks replaces the seats blocked by partner on flightID with
// blocked and returns the resulting availability. Seats we have already
// held or sold stay ours; the partner learns that from the pushed snapshot.
func (inv *Inventory) applyPartnerBlocks(flightID, partner string, blocked []string) (Availability, error) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	f, ok := inv.flights[flightID]
	if !ok {
		return Availability{}, fmt.Errorf("%w: %s", ErrUnknownFlight, flightID)
	}
	for _, s := range f.seats {
		if s.state == PartnerBlocked && s.blockedBy == partner {
			s.state, s.blockedBy = Available, ""
		}
	}
	for _, num := range blocked {
		s := f.seats[num]
		if s.state == Available {
			s.state, s.blockedBy = PartnerBlocked, partner
		}
	}
	return f.availability(inv.clock.Now()), nil
}
