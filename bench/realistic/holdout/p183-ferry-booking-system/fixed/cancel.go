package ferry

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// CancellationReport summarises a sailing cancellation.
type CancellationReport struct {
	SailingID  string
	Refunded   int
	Waitlisted int
}

// CancelSailing cancels a sailing (weather, mechanical fault), refunds every
// confirmed booking and tells waitlisted customers. Refunds are idempotent, so
// a failed cancellation can simply be retried.
func (s *Service) CancelSailing(ctx context.Context, sailingID, reason string) (CancellationReport, error) {
	rep := CancellationReport{SailingID: sailingID}

	s.mu.Lock()
	sailing, err := s.store.Sailing(ctx, sailingID)
	if err != nil {
		s.mu.Unlock()
		return rep, fmt.Errorf("cancel sailing %s: %w", sailingID, err)
	}
	if sailing.Status != Cancelled {
		sailing.Status = Cancelled
		sailing.CancelReason = reason
		if err := s.store.SaveSailing(ctx, sailing); err != nil {
			s.mu.Unlock()
			return rep, fmt.Errorf("cancel sailing %s: %w", sailingID, err)
		}
	}
	s.mu.Unlock()

	all, err := s.store.Bookings(ctx, sailingID)
	if err != nil {
		return rep, fmt.Errorf("cancel sailing %s: %w", sailingID, err)
	}
	var confirmed []Booking
	for _, b := range all {
		if b.Status == Confirmed {
			confirmed = append(confirmed, b)
		}
	}

	n, err := s.refundAll(ctx, sailing, confirmed)
	rep.Refunded = n
	if err != nil {
		return rep, fmt.Errorf("cancel sailing %s: %w", sailingID, err)
	}

	waiting, err := s.store.Waitlist(ctx, sailingID)
	if err != nil {
		return rep, fmt.Errorf("cancel sailing %s: %w", sailingID, err)
	}
	for _, e := range waiting {
		msg := fmt.Sprintf("The %s sailing you were waitlisted for has been cancelled: %s", sailing.Route, reason)
		_ = s.notifier.Notify(ctx, e.CustomerID, msg)
		if err := s.store.RemoveFromWaitlist(ctx, sailingID, e.ID); err != nil {
			return rep, fmt.Errorf("cancel sailing %s: %w", sailingID, err)
		}
		rep.Waitlisted++
	}
	return rep, nil
}

// refundAll refunds bookings on a pool of workers and stops at the first
// failure.
func (s *Service) refundAll(ctx context.Context, sailing Sailing, bookings []Booking) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan Booking)
	errs := make(chan error, s.refundWorkers)
	var refunded int64
	var wg sync.WaitGroup

	for i := 0; i < s.refundWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				if err := s.refundBooking(ctx, sailing, b); err != nil {
					errs <- err
					cancel()
					return
				}
				atomic.AddInt64(&refunded, 1)
			}
		}()
	}

	go func() {
		defer close(jobs)
		for _, b := range bookings {
			select {
			case jobs <- b:
			case <-ctx.Done():
				return
			}
		}
	}()

	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return int(atomic.LoadInt64(&refunded)), err
	}
	return int(atomic.LoadInt64(&refunded)), nil
}

func (s *Service) refundBooking(ctx context.Context, sailing Sailing, b Booking) error {
	if err := s.payments.Refund(ctx, b.PaymentRef, b.AmountCents, "sailing-cancel-"+b.ID); err != nil {
		return fmt.Errorf("refund booking %s: %w", b.ID, err)
	}
	b.Status = Refunded
	if err := s.store.SaveBooking(ctx, b); err != nil {
		return fmt.Errorf("save booking %s: %w", b.ID, err)
	}
	msg := fmt.Sprintf("Your %s sailing at %s was cancelled (%s). %d.%02d has been refunded.",
		sailing.Route, sailing.Departs.Format("15:04 Jan 2"), sailing.CancelReason, b.AmountCents/100, b.AmountCents%100)
	_ = s.notifier.Notify(ctx, b.CustomerID, msg)
	return nil
}
