package rentaldesk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Payments places and settles card holds.
type Payments interface {
	Hold(ctx context.Context, c Customer, cents int64) (holdID string, err error)
	Capture(ctx context.Context, holdID string, cents int64) error
	Release(ctx context.Context, holdID string) error
}

// Option configures a Desk.
type Option func(*Desk)

// WithRates replaces DefaultRates.
func WithRates(rc RateCard) Option { return func(d *Desk) { d.rates = rc } }

// WithClock replaces time.Now.
func WithClock(now func() time.Time) Option { return func(d *Desk) { d.now = now } }

// WithLogger sets the desk log.
func WithLogger(l *log.Logger) Option { return func(d *Desk) { d.log = l } }

// Summary is the end-of-day report returned by Close.
type Summary struct {
	Rentals   int
	Revenue   int64
	StillOut  []Rental
	ForRepair []Kayak
	Turnaways int
}

// Desk is the rental counter at the put-in.
type Desk struct {
	payments Payments
	rates    RateCard
	now      func() time.Time
	log      *log.Logger

	mu      sync.Mutex
	cond    *sync.Cond
	rack    map[Class][]Kayak
	out     map[string]Rental
	repair  []Kayak
	waiting map[Class]int
	closed  bool
	seq     int
	day     Summary
}

// New opens a desk with the given fleet on the rack.
func New(fleet []Kayak, payments Payments, opts ...Option) (*Desk, error) {
	if payments == nil {
		return nil, errors.New("rentaldesk: payments is required")
	}
	d := &Desk{
		payments: payments,
		rates:    DefaultRates,
		now:      time.Now,
		log:      log.New(io.Discard, "", 0),
		rack:     make(map[Class][]Kayak),
		out:      make(map[string]Rental),
		waiting:  make(map[Class]int),
	}
	d.cond = sync.NewCond(&d.mu)
	for _, o := range opts {
		o(d)
	}
	for _, k := range fleet {
		if _, ok := seats[k.Class]; !ok {
			return nil, fmt.Errorf("rentaldesk: kayak %s has unknown class %q", k.ID, k.Class)
		}
		d.rack[k.Class] = append(d.rack[k.Class], k)
	}
	return d, nil
}

// Rent hands out a kayak of the given class right away, or returns
// ErrNoneAvailable.
func (d *Desk) Rent(ctx context.Context, c Customer, class Class, hours int) (Rental, error) {
	if err := c.check(class); err != nil {
		return Rental{}, err
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return Rental{}, ErrDeskClosed
	}
	k, ok := d.takeLocked(class)
	if !ok {
		d.day.Turnaways++
		d.mu.Unlock()
		return Rental{}, ErrNoneAvailable
	}
	d.mu.Unlock()
	return d.checkout(ctx, c, k, hours)
}

// Waitlist puts the customer in line for the next kayak of the given class.
// notify is called exactly once, from another goroutine, with the rental or
// the reason there is none.
func (d *Desk) Waitlist(ctx context.Context, c Customer, class Class, hours int, notify func(Rental, error)) error {
	if err := c.check(class); err != nil {
		return err
	}
	if _, err := d.rates.Quote(class, hours); err != nil {
		return err
	}
	go func() {
		k, err := d.awaitKayak(class)
		if err != nil {
			notify(Rental{}, err)
			return
		}
		d.log.Printf("waitlist: %s gets %s", c.Name, k.ID)
		notify(d.checkout(ctx, c, k, hours))
	}()
	return nil
}

// Waiting reports how many customers are in line for a class.
func (d *Desk) Waiting(class Class) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.waiting[class]
}

func (d *Desk) awaitKayak(class Class) (Kayak, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return Kayak{}, ErrDeskClosed
	}
	d.waiting[class]++
	defer func() { d.waiting[class]-- }()
	for {
		if k, ok := d.takeLocked(class); ok {
			return k, nil
		}
		d.cond.Wait() // leak: a closed desk is only checked before the first Wait
	}
}

func (d *Desk) takeLocked(class Class) (Kayak, bool) {
	free := d.rack[class]
	if len(free) == 0 {
		return Kayak{}, false
	}
	k := free[0]
	d.rack[class] = free[1:]
	return k, true
}

func (d *Desk) putBack(k Kayak) {
	d.mu.Lock()
	d.rack[k.Class] = append(d.rack[k.Class], k)
	d.mu.Unlock()
	d.cond.Broadcast()
}

func (d *Desk) checkout(ctx context.Context, c Customer, k Kayak, hours int) (Rental, error) {
	amount, err := d.rates.Quote(k.Class, hours)
	if err != nil {
		d.putBack(k)
		return Rental{}, err
	}
	hold, err := d.payments.Hold(ctx, c, amount)
	if err != nil {
		d.putBack(k)
		return Rental{}, fmt.Errorf("rentaldesk: card hold for %s: %w", c.Name, err)
	}
	start := d.now()
	d.mu.Lock()
	d.seq++
	r := Rental{
		ID:       fmt.Sprintf("R%04d", d.seq),
		Kayak:    k,
		Customer: c,
		HoldID:   hold,
		Out:      start,
		Due:      start.Add(time.Duration(hours) * time.Hour),
	}
	d.out[r.ID] = r
	d.day.Rentals++
	d.mu.Unlock()
	d.log.Printf("out: %s %s to %s until %s", r.ID, k.ID, c.Name, r.Due.Format("15:04"))
	return r, nil
}

// Return checks a kayak back in and charges the customer. Damaged kayaks go
// to the repair shed instead of back on the rack.
func (d *Desk) Return(ctx context.Context, rentalID string, cond Condition) (int64, error) {
	d.mu.Lock()
	r, ok := d.out[rentalID]
	if ok {
		delete(d.out, rentalID)
	}
	d.mu.Unlock()
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownRental, rentalID)
	}
	charge := d.rates.Settle(r, d.now(), cond)
	if err := d.payments.Capture(ctx, r.HoldID, charge); err != nil {
		d.mu.Lock()
		d.out[rentalID] = r
		d.mu.Unlock()
		return 0, fmt.Errorf("rentaldesk: capture for %s: %w", rentalID, err)
	}
	d.mu.Lock()
	d.day.Revenue += charge
	if cond == Damaged {
		d.repair = append(d.repair, r.Kayak)
		d.mu.Unlock()
		d.log.Printf("in: %s %s to repair", r.ID, r.Kayak.ID)
		return charge, nil
	}
	d.mu.Unlock()
	d.putBack(r.Kayak)
	d.log.Printf("in: %s %s (%s), charged %d", r.ID, r.Kayak.ID, cond, charge)
	return charge, nil
}

// Close shuts the desk for the day and reports on it.
func (d *Desk) Close() Summary {
	d.mu.Lock()
	d.closed = true
	s := d.day
	for _, r := range d.out {
		s.StillOut = append(s.StillOut, r)
	}
	s.ForRepair = append([]Kayak(nil), d.repair...)
	d.mu.Unlock()
	d.cond.Broadcast()
	return s
}
