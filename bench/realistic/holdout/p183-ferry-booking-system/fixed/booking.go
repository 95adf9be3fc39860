package ferry

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Fares, in cents.
const (
	passengerFare      = 1850
	vehicleFare        = 6400
	perMetreOver5m     = 1200
	maxPassengersPerBk = 9
)

// Option configures a Service.
type Option func(*Service)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// WithBookingCutoff sets how long before departure sales close.
func WithBookingCutoff(d time.Duration) Option { return func(s *Service) { s.cutoff = d } }

// WithRefundWorkers sets how many refunds run in parallel when a sailing is
// cancelled.
func WithRefundWorkers(n int) Option { return func(s *Service) { s.refundWorkers = n } }

// Service sells space on sailings.
type Service struct {
	store    Store
	payments Payments
	notifier Notifier
	clock    Clock
	cutoff   time.Duration

	refundWorkers int
	nextID        uint64

	// mu serialises capacity decisions so two buyers cannot take the last space.
	mu sync.Mutex
}

// NewService returns a booking service.
func NewService(store Store, payments Payments, notifier Notifier, opts ...Option) *Service {
	s := &Service{
		store:         store,
		payments:      payments,
		notifier:      notifier,
		clock:         wallClock{},
		cutoff:        30 * time.Minute,
		refundWorkers: 4,
	}
	for _, o := range opts {
		o(s)
	}
	if s.refundWorkers < 1 {
		s.refundWorkers = 1
	}
	return s
}

// Request asks for space on a sailing.
type Request struct {
	SailingID     string
	CustomerID    string
	Passengers    int
	Vehicle       *Vehicle
	AllowWaitlist bool
}

func (s *Service) newID(prefix string) string {
	return prefix + "-" + strconv.FormatUint(atomic.AddUint64(&s.nextID, 1), 10)
}

// Price returns the fare for a request.
func (s *Service) Price(passengers int, v *Vehicle) int64 {
	total := int64(passengers) * passengerFare
	if v != nil {
		total += vehicleFare
		if over := v.LengthMetres - 5; over > 0 {
			total += int64(over+0.999) * perMetreOver5m
		}
	}
	return total
}

// Book sells space on a sailing. If the sailing is full and the request
// allows it, the customer is waitlisted and an error wrapping ErrWaitlisted
// is returned.
func (s *Service) Book(ctx context.Context, req Request) (Booking, error) {
	if req.Passengers < 1 || req.Passengers > maxPassengersPerBk {
		return Booking{}, fmt.Errorf("ferry: invalid passenger count %d", req.Passengers)
	}
	s.mu.Lock()
	defer s.mu.Unlock()

	sailing, err := s.openSailing(ctx, req.SailingID)
	if err != nil {
		return Booking{}, err
	}
	fits, err := s.fits(ctx, sailing, req.Passengers, req.Vehicle)
	if err != nil {
		return Booking{}, err
	}
	if !fits {
		if !req.AllowWaitlist {
			return Booking{}, fmt.Errorf("book %s: %w", sailing.ID, ErrNoSpace)
		}
		e := WaitlistEntry{
			ID: s.newID("W"), SailingID: sailing.ID, CustomerID: req.CustomerID,
			Passengers: req.Passengers, Vehicle: req.Vehicle, AddedAt: s.clock.Now(),
		}
		if err := s.store.AddToWaitlist(ctx, e); err != nil {
			return Booking{}, fmt.Errorf("waitlist %s: %w", sailing.ID, err)
		}
		return Booking{}, fmt.Errorf("book %s: entry %s: %w", sailing.ID, e.ID, ErrWaitlisted)
	}
	return s.confirm(ctx, sailing, req.CustomerID, req.Passengers, req.Vehicle)
}

func (s *Service) openSailing(ctx context.Context, id string) (Sailing, error) {
	sailing, err := s.store.Sailing(ctx, id)
	if err != nil {
		return Sailing{}, fmt.Errorf("sailing %s: %w", id, err)
	}
	if sailing.Status != Scheduled || s.clock.Now().After(sailing.Departs.Add(-s.cutoff)) {
		return Sailing{}, fmt.Errorf("sailing %s: %w", id, ErrSailingClosed)
	}
	return sailing, nil
}

func (s *Service) fits(ctx context.Context, sailing Sailing, passengers int, v *Vehicle) (bool, error) {
	bookings, err := s.store.Bookings(ctx, sailing.ID)
	if err != nil {
		return false, fmt.Errorf("bookings for %s: %w", sailing.ID, err)
	}
	seats, lane := 0, 0.0
	for _, b := range bookings {
		if b.Status != Confirmed {
			continue
		}
		seats += b.Passengers
		if b.Vehicle != nil {
			lane += b.Vehicle.LengthMetres
		}
	}
	if seats+passengers > sailing.PassengerSeats {
		return false, nil
	}
	return v == nil || lane+v.LengthMetres <= sailing.LaneMetres, nil
}

func (s *Service) confirm(ctx context.Context, sailing Sailing, customerID string, passengers int, v *Vehicle) (Booking, error) {
	b := Booking{
		ID: s.newID("B"), SailingID: sailing.ID, CustomerID: customerID,
		Passengers: passengers, Vehicle: v, AmountCents: s.Price(passengers, v),
		Status: Confirmed, CreatedAt: s.clock.Now(),
	}
	ref, err := s.payments.Charge(ctx, customerID, b.AmountCents, "book-"+b.ID)
	if err != nil {
		return Booking{}, fmt.Errorf("charge for %s: %w", sailing.ID, err)
	}
	b.PaymentRef = ref
	if err := s.store.SaveBooking(ctx, b); err != nil {
		return Booking{}, fmt.Errorf("save booking %s: %w", b.ID, err)
	}
	return b, nil
}
