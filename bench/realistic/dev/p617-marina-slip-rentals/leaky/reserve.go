package marina

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Reserve finds the best slip for the request, holds it and prices it.
func (s *Service) Reserve(ctx context.Context, req Request) (Reservation, error) {
	if err := req.validate(); err != nil {
		return Reservation{}, err
	}
	slips, err := s.inv.Available(ctx, req.Stay)
	if err != nil {
		return Reservation{}, fmt.Errorf("marina: list availability: %w", err)
	}
	candidates := rankSlips(slips, req.Boat, s.cfg.KeelClearanceFt)
	if len(candidates) == 0 {
		return Reservation{}, ErrNoSlip
	}

	for _, slip := range candidates {
		err := s.inv.Hold(ctx, slip.ID, req.Stay, req.Customer)
		if errors.Is(err, ErrSlipTaken) {
			s.cfg.Logger.Printf("slip %s taken while booking %s, trying next", slip.ID, req.Boat.Name)
			continue
		}
		if err != nil {
			return Reservation{}, fmt.Errorf("marina: hold slip %s: %w", slip.ID, err)
		}

		q, err := s.price(ctx, slip, req)
		if err != nil {
			if rerr := s.inv.Release(context.Background(), slip.ID, req.Stay); rerr != nil {
				s.cfg.Logger.Printf("release slip %s after failed pricing: %v", slip.ID, rerr)
			}
			return Reservation{}, err
		}
		r := s.record(slip, req, q)
		s.cfg.Logger.Printf("booked %s into %s for %d nights at %d", req.Boat.Name, slip.ID, req.Stay.Nights(), q.Total)
		return r, nil
	}
	return Reservation{}, ErrNoSlip
}

type quoteResult struct {
	quote Quote
	err   error
}

// price asks the dynamic pricer, but never lets a slow or failing backend
// hold up a booking: the rate card is always a valid answer.
func (s *Service) price(ctx context.Context, slip Slip, req Request) (Quote, error) {
	results := s.requestQuote(ctx, slip, req)

	timer := time.NewTimer(s.cfg.QuoteTimeout)
	defer timer.Stop()

	select {
	case r := <-results:
		if r.err != nil {
			s.cfg.Logger.Printf("pricing failed for %s: %v; using rate card", slip.ID, r.err)
			return s.cfg.Rates.Quote(slip, req, s.cfg.Now()), nil
		}
		return r.quote, nil
	case <-timer.C:
		s.cfg.Logger.Printf("pricing for %s slower than %s; using rate card", slip.ID, s.cfg.QuoteTimeout)
		return s.cfg.Rates.Quote(slip, req, s.cfg.Now()), nil
	case <-ctx.Done():
		return Quote{}, ctx.Err()
	}
}

func (s *Service) requestQuote(ctx context.Context, slip Slip, req Request) <-chan quoteResult {
	out := make(chan quoteResult)
	go func() {
		q, err := s.pricer.Quote(ctx, slip, req)
		if err == nil {
			err = q.check(slip, req)
		}
		out <- quoteResult{quote: q, err: err} // leak: unbuffered send, nobody receives once price() took the timeout branch
	}()
	return out
}
