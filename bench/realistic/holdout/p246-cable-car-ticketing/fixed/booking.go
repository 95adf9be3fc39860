package ticketing

import (
	"context"
	"fmt"
	"time"
)

// HoldRequest asks for places on a departure.
type HoldRequest struct {
	DepartureID string
	Class       FareClass
	Riders      int
	// Channel is the sales channel (kiosk, web, app), kept for reporting.
	Channel string
}

// Hold keeps places on a departure while the rider pays.
type Hold struct {
	ID          string
	DepartureID string
	Class       FareClass
	Riders      int
	Total       Money
	QuoteID     string
	Expires     time.Time
}

// Ticket is a paid, confirmed hold.
type Ticket struct {
	Number      string
	DepartureID string
	Line        string
	At          time.Time
	Class       FareClass
	Riders      int
	Paid        Money
	PaymentID   string
}

// Hold reserves places and prices them. The returned hold must be
// confirmed with Confirm before it expires.
func (s *Service) Hold(ctx context.Context, req HoldRequest) (*Hold, error) {
	if err := s.ctxErr(ctx); err != nil {
		return nil, err
	}
	if req.Riders <= 0 {
		return nil, fmt.Errorf("hold: riders must be positive, got %d", req.Riders)
	}
	if req.Class == "" {
		req.Class = Adult
	}

	s.mu.Lock()
	d, ok := s.departures[req.DepartureID]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("hold %s: %w", req.DepartureID, ErrUnknownDeparture)
	}
	if d.closed {
		s.mu.Unlock()
		return nil, fmt.Errorf("hold: %w %s", ErrBoardingClosed, d.ID)
	}
	if free := d.free(); free < req.Riders {
		s.mu.Unlock()
		return nil, fmt.Errorf("hold %s: %w (%d requested, %d free)", d.ID, ErrCabinFull, req.Riders, free)
	}
	if req.Class == Cyclist && d.bikes+req.Riders > d.BikeRacks {
		s.mu.Unlock()
		return nil, fmt.Errorf("hold %s: %w (bike racks)", d.ID, ErrCabinFull)
	}
	// Places are taken before the tariff call so that two kiosks cannot
	// sell the last seats twice while the quote is in flight.
	d.reserve(req.Class, req.Riders)
	line, at := d.Line, d.At
	s.mu.Unlock()

	q, err := s.pricer.Quote(ctx, line, req.Class, req.Riders, at)
	if err != nil {
		s.mu.Lock()
		d.unreserve(req.Class, req.Riders)
		s.mu.Unlock()
		s.log.Printf("ticketing: quote failed for %s %dx%s via %s: %v", d.ID, req.Riders, req.Class, req.Channel, err)
		return nil, fmt.Errorf("hold %s: quote: %w", req.DepartureID, err)
	}

	s.mu.Lock()
	h := &Hold{
		ID:          s.nextID("H"),
		DepartureID: req.DepartureID,
		Class:       req.Class,
		Riders:      req.Riders,
		Total:       q.Total,
		QuoteID:     q.QuoteID,
		Expires:     s.now().Add(s.holdTTL),
	}
	s.holds[h.ID] = h
	s.mu.Unlock()

	s.log.Printf("ticketing: hold %s on %s: %dx%s for %s", h.ID, h.DepartureID, h.Riders, h.Class, h.Total)
	cp := *h
	return &cp, nil
}

// Confirm charges the rider and turns the hold into a ticket. If the
// charge fails the hold stays in place until it expires, so the rider
// can try another card.
func (s *Service) Confirm(ctx context.Context, holdID, paymentRef string) (*Ticket, error) {
	if err := s.ctxErr(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	h, ok := s.holds[holdID]
	if !ok || !s.now().Before(h.Expires) {
		s.mu.Unlock()
		return nil, fmt.Errorf("confirm %s: %w", holdID, ErrUnknownHold)
	}
	delete(s.holds, holdID)
	s.mu.Unlock()

	payID, err := s.payments.Charge(ctx, paymentRef, h.Total)
	if err != nil {
		s.mu.Lock()
		s.holds[holdID] = h
		s.mu.Unlock()
		return nil, fmt.Errorf("confirm %s: charge: %w", holdID, err)
	}

	s.mu.Lock()
	d, ok := s.departures[h.DepartureID]
	if !ok {
		s.mu.Unlock()
		if verr := s.payments.Void(ctx, payID); verr != nil {
			s.log.Printf("ticketing: void %s after lost departure: %v", payID, verr)
		}
		return nil, fmt.Errorf("confirm %s: %w", holdID, ErrUnknownDeparture)
	}
	d.held -= h.Riders
	d.sold += h.Riders
	t := &Ticket{
		Number:      s.nextID("T"),
		DepartureID: d.ID,
		Line:        d.Line,
		At:          d.At,
		Class:       h.Class,
		Riders:      h.Riders,
		Paid:        h.Total,
		PaymentID:   payID,
	}
	s.mu.Unlock()
	s.log.Printf("ticketing: ticket %s issued for %s", t.Number, t.DepartureID)
	return t, nil
}

// Release gives back the places of a hold the rider abandoned.
func (s *Service) Release(holdID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[holdID]
	if !ok {
		return fmt.Errorf("release %s: %w", holdID, ErrUnknownHold)
	}
	if d, ok := s.departures[h.DepartureID]; ok {
		d.unreserve(h.Class, h.Riders)
	}
	delete(s.holds, holdID)
	return nil
}
