package fitting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync/atomic"
	"time"
)

// Config describes the shop's opening hours and booking rules.
type Config struct {
	Location    *time.Location
	Opens       time.Duration // offset from midnight
	Closes      time.Duration
	LunchStart  time.Duration
	LunchLength time.Duration
	Step        time.Duration // granularity of proposed start times
	HorizonDays int
	ClosedDays  []time.Weekday
	Lengths     map[Garment]time.Duration
}

// DefaultConfig is a small high-street shop.
func DefaultConfig() Config {
	return Config{
		Location:    time.UTC,
		Opens:       9*time.Hour + 30*time.Minute,
		Closes:      18 * time.Hour,
		LunchStart:  13 * time.Hour,
		LunchLength: time.Hour,
		Step:        15 * time.Minute,
		HorizonDays: 21,
		ClosedDays:  []time.Weekday{time.Sunday, time.Monday},
		Lengths: map[Garment]time.Duration{
			Suit:       time.Hour,
			Dress:      45 * time.Minute,
			Shirt:      30 * time.Minute,
			Alteration: 20 * time.Minute,
		},
	}
}

// Option customises a Scheduler.
type Option func(*Scheduler)

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(s *Scheduler) { s.log = l } }

// WithNotifier sets where confirmations are sent.
func WithNotifier(n Notifier) Option { return func(s *Scheduler) { s.notify = n } }

// Scheduler books fittings against a shop calendar.
type Scheduler struct {
	cfg    Config
	cal    Calendar
	notify Notifier
	log    *log.Logger
	seq    atomic.Uint64
}

// NewScheduler returns a scheduler for cal.
func NewScheduler(cfg Config, cal Calendar, opts ...Option) (*Scheduler, error) {
	if cal == nil {
		return nil, errors.New("fitting: nil calendar")
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Step <= 0 || cfg.HorizonDays <= 0 || cfg.Closes <= cfg.Opens {
		return nil, fmt.Errorf("fitting: invalid opening hours or horizon: %+v", cfg)
	}
	s := &Scheduler{cfg: cfg, cal: cal, log: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

func (s *Scheduler) length(g Garment) (time.Duration, error) {
	d, ok := s.cfg.Lengths[g]
	if !ok {
		return 0, fmt.Errorf("fitting: no fitting length configured for %q", g)
	}
	return d, nil
}

func (s *Scheduler) noon() time.Duration {
	if s.cfg.LunchLength > 0 {
		return s.cfg.LunchStart
	}
	return 12 * time.Hour
}

// Book reserves the first free slot that suits the request and sends the
// customer a confirmation.
func (s *Scheduler) Book(ctx context.Context, req Request) (Appointment, error) {
	if err := req.validate(); err != nil {
		return Appointment{}, err
	}
	length, err := s.length(req.Garment)
	if err != nil {
		return Appointment{}, err
	}

	for slot := range s.openSlots(ctx, req.Tailor, req.Earliest, length) {
		if !req.accepts(slot, s.noon()) {
			continue
		}
		appt := Appointment{
			ID:       fmt.Sprintf("FT-%05d", s.seq.Add(1)),
			Customer: req.Customer,
			Phone:    req.Phone,
			Garment:  req.Garment,
			Slot:     slot,
		}
		err := s.cal.Reserve(ctx, appt)
		if errors.Is(err, ErrSlotTaken) {
			s.log.Printf("fitting: %s %s taken meanwhile, trying next", req.Tailor, slot.Start.Format(time.Kitchen))
			continue
		}
		if err != nil {
			return Appointment{}, fmt.Errorf("fitting: reserve for %s: %w", req.Customer, err)
		}
		if s.notify != nil {
			if err := s.notify.Confirm(ctx, appt); err != nil {
				s.log.Printf("fitting: %s booked but not notified: %v", appt.ID, err)
			}
		}
		s.log.Printf("fitting: %s %s with %s on %s", appt.ID, req.Customer, req.Tailor, slot.Start.Format(dayLayout+" 15:04"))
		return appt, nil
	}
	if err := ctx.Err(); err != nil {
		return Appointment{}, err
	}
	return Appointment{}, fmt.Errorf("%w (%s, %s)", ErrNoAvailability, req.Tailor, req.Garment)
}
