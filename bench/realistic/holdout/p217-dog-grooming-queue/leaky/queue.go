package grooming

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Queue books dogs into the salon's shared calendar.
type Queue struct {
	roster Roster
	cal    Calendar
	notify Notifier
	log    *log.Logger
	now    func() time.Time

	lookupTimeout  time.Duration
	preferredSlack time.Duration
	openHour       int
	closeHour      int

	mu     sync.Mutex
	seq    int
	booked map[string]Appointment
}

// Option configures a Queue.
type Option func(*Queue)

func WithNotifier(n Notifier) Option { return func(q *Queue) { q.notify = n } }

func WithLogger(l *log.Logger) Option { return func(q *Queue) { q.log = l } }

func WithClock(now func() time.Time) Option { return func(q *Queue) { q.now = now } }

func WithLookupTimeout(d time.Duration) Option { return func(q *Queue) { q.lookupTimeout = d } }

// WithPreferredSlack lets a requested groomer win if their slot is at most d
// later than the earliest slot overall.
func WithPreferredSlack(d time.Duration) Option {
	return func(q *Queue) { q.preferredSlack = d }
}

// WithOpeningHours sets the salon's opening and closing hours (24h clock).
func WithOpeningHours(open, closing int) Option {
	return func(q *Queue) { q.openHour, q.closeHour = open, closing }
}

// New builds a Queue on top of a staff roster and a calendar backend.
func New(roster Roster, cal Calendar, opts ...Option) (*Queue, error) {
	if roster == nil || cal == nil {
		return nil, errors.New("grooming: roster and calendar are required")
	}
	q := &Queue{
		roster:         roster,
		cal:            cal,
		log:            log.New(io.Discard, "", 0),
		now:            time.Now,
		lookupTimeout:  2 * time.Second,
		preferredSlack: 90 * time.Minute,
		openHour:       8,
		closeHour:      18,
		booked:         make(map[string]Appointment),
	}
	for _, o := range opts {
		o(q)
	}
	if q.openHour < 0 || q.closeHour > 24 || q.openHour >= q.closeHour {
		return nil, fmt.Errorf("grooming: bad opening hours %d-%d", q.openHour, q.closeHour)
	}
	return q, nil
}

// Book finds the earliest slot a qualified groomer has free and reserves it.
func (q *Queue) Book(ctx context.Context, req Request) (Appointment, error) {
	if err := req.validate(); err != nil {
		return Appointment{}, err
	}
	staff, err := q.roster.OnShift(ctx, req.Day)
	if err != nil {
		return Appointment{}, fmt.Errorf("grooming: load roster: %w", err)
	}
	var eligible []Groomer
	for _, g := range staff {
		if g.canHandle(req) {
			eligible = append(eligible, g)
		}
	}
	if len(eligible) == 0 {
		return Appointment{}, ErrNoGroomer
	}

	lookupCtx, cancel := context.WithTimeout(ctx, q.lookupTimeout)
	defer cancel()
	slot, err := q.bestSlot(lookupCtx, eligible, req)
	if err != nil {
		return Appointment{}, err
	}

	id := q.nextID(req.Day)
	if err := q.cal.Reserve(ctx, slot, id); err != nil {
		return Appointment{}, fmt.Errorf("grooming: reserve %s with %s: %w", slot.Start.Format("15:04"), slot.GroomerID, err)
	}
	appt := Appointment{
		ID:       id,
		Dog:      req.Dog,
		Services: append([]Service(nil), req.Services...),
		Slot:     slot,
		BookedAt: q.now(),
	}
	q.mu.Lock()
	q.booked[id] = appt
	q.mu.Unlock()

	q.log.Printf("booked %s (%s, %s) with %s at %s", appt.ID, req.Dog.Name, req.Dog.Size, slot.GroomerID, slot.Start.Format("Mon 15:04"))
	if q.notify != nil {
		if err := q.notify.Confirm(ctx, appt); err != nil {
			q.log.Printf("confirmation for %s not sent: %v", appt.ID, err)
		}
	}
	return appt, nil
}

// Cancel releases a booking.
func (q *Queue) Cancel(ctx context.Context, id string) error {
	q.mu.Lock()
	appt, ok := q.booked[id]
	if ok {
		delete(q.booked, id)
	}
	q.mu.Unlock()
	if !ok {
		return ErrNotFound
	}
	if err := q.cal.Release(ctx, appt.Slot, id); err != nil {
		q.mu.Lock()
		q.booked[id] = appt
		q.mu.Unlock()
		return fmt.Errorf("grooming: release %s: %w", id, err)
	}
	q.log.Printf("cancelled %s", id)
	return nil
}

// Appointments lists the bookings on a day in start order.
func (q *Queue) Appointments(day time.Time) []Appointment {
	y, m, d := day.Date()
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Appointment
	for _, a := range q.booked {
		ay, am, ad := a.Slot.Start.Date()
		if ay == y && am == m && ad == d {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slot.Start.Before(out[j].Slot.Start) })
	return out
}

func (q *Queue) nextID(day time.Time) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seq++
	return fmt.Sprintf("GRM-%s-%03d", day.Format("0102"), q.seq)
}
