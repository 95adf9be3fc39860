package kennel

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Errors returned by the desk.
var (
	ErrNoRate      = errors.New("kennel: no nightly rate for size")
	ErrFullyBooked = errors.New("kennel: no run available")
	ErrClosedDates = errors.New("kennel: kennel closed on requested dates")
	ErrNoSuchHold  = errors.New("kennel: no such hold")
	ErrHoldExpired = errors.New("kennel: hold expired")
)

// Dog is the guest.
type Dog struct {
	Name  string
	Breed string
	Size  Size
}

// Request is a stay enquiry from an owner.
type Request struct {
	CustomerID string
	Dog        Dog
	CheckIn    time.Time
	CheckOut   time.Time
	Outdoor    bool
}

func (r Request) nights() int {
	return int(r.CheckOut.Sub(r.CheckIn).Hours() / 24)
}

func (r Request) validate() error {
	switch {
	case r.CustomerID == "":
		return errors.New("kennel: customer is required")
	case r.Dog.Name == "":
		return errors.New("kennel: dog name is required")
	case r.nights() < 1:
		return fmt.Errorf("kennel: stay for %s must be at least one night", r.Dog.Name)
	}
	return nil
}

// Quote is the price of a stay.
type Quote struct {
	Nights      int
	RunID       string
	NightlyRate int64
	DiscountPct int
	TotalCents  int64
}

// Hold reserves a run while the owner decides.
type Hold struct {
	ID      string
	Request Request
	Quote   Quote
	Expires time.Time
}

// Booking is a confirmed stay.
type Booking struct {
	ID      string
	Request Request
	Quote   Quote
}

// Quote prices a stay without reserving anything.
func (d *Desk) Quote(ctx context.Context, req Request) (Quote, error) {
	if err := req.validate(); err != nil {
		return Quote{}, err
	}
	d.mu.RLock()
	for day := req.CheckIn; day.Before(req.CheckOut); day = day.AddDate(0, 0, 1) {
		if d.closed[dayKey(day)] {
			d.mu.RUnlock()
			return Quote{}, fmt.Errorf("%w: %s", ErrClosedDates, dayKey(day))
		}
	}
	rate, ok := d.rates[req.Dog.Size]
	if !ok {
		return Quote{}, fmt.Errorf("%w %q (%s)", ErrNoRate, req.Dog.Size, req.Dog.Breed)
	}
	runID := d.freeRunLocked(req)
	d.mu.RUnlock()
	if runID == "" {
		return Quote{}, ErrFullyBooked
	}

	q := Quote{Nights: req.nights(), RunID: runID, NightlyRate: rate}
	pct, err := d.promos.Discount(ctx, req.CustomerID, q.Nights)
	if err != nil {
		d.log.Printf("kennel: promotions unavailable for %s, quoting full price: %v", req.CustomerID, err)
		pct = 0
	}
	q.DiscountPct = pct
	gross := rate * int64(q.Nights)
	q.TotalCents = gross - gross*int64(pct)/100
	return q, nil
}

// Hold quotes the stay and keeps the run for the hold TTL.
func (d *Desk) Hold(ctx context.Context, req Request) (Hold, error) {
	q, err := d.Quote(ctx, req)
	if err != nil {
		return Hold{}, err
	}
	d.mu.Lock()
	if !d.runFreeLocked(q.RunID, req.CheckIn, req.CheckOut) {
		if q.RunID = d.freeRunLocked(req); q.RunID == "" {
			d.mu.Unlock()
			return Hold{}, ErrFullyBooked
		}
	}
	d.seq++
	h := Hold{
		ID:      fmt.Sprintf("H%05d", d.seq),
		Request: req,
		Quote:   q,
		Expires: d.now().Add(d.ttl),
	}
	d.holds[h.ID] = h
	d.mu.Unlock()

	if err := d.store.SaveHold(ctx, h); err != nil {
		d.mu.Lock()
		delete(d.holds, h.ID)
		d.mu.Unlock()
		return Hold{}, fmt.Errorf("kennel: save hold for %s: %w", req.Dog.Name, err)
	}
	return h, nil
}

// Confirm turns a hold into a booking.
func (d *Desk) Confirm(ctx context.Context, holdID string) (Booking, error) {
	d.mu.Lock()
	h, ok := d.holds[holdID]
	if !ok {
		d.mu.Unlock()
		return Booking{}, fmt.Errorf("%w: %s", ErrNoSuchHold, holdID)
	}
	delete(d.holds, holdID)
	if d.now().After(h.Expires) {
		d.mu.Unlock()
		return Booking{}, fmt.Errorf("%w: %s", ErrHoldExpired, holdID)
	}
	b := Booking{ID: "B" + h.ID[1:], Request: h.Request, Quote: h.Quote}
	d.bookings[b.ID] = b
	d.mu.Unlock()

	if err := d.store.SaveBooking(ctx, b); err != nil {
		d.mu.Lock()
		delete(d.bookings, b.ID)
		d.holds[holdID] = h
		d.mu.Unlock()
		return Booking{}, fmt.Errorf("kennel: save booking %s: %w", b.ID, err)
	}
	return b, nil
}

func (d *Desk) freeRunLocked(req Request) string {
	var fits []Run
	for _, r := range d.runs {
		if sizeRank[r.Size] >= sizeRank[req.Dog.Size] && (!req.Outdoor || r.Outdoor) {
			fits = append(fits, r)
		}
	}
	sort.Slice(fits, func(i, j int) bool {
		if fits[i].Size != fits[j].Size {
			return sizeRank[fits[i].Size] < sizeRank[fits[j].Size]
		}
		return fits[i].ID < fits[j].ID
	})
	for _, r := range fits {
		if d.runFreeLocked(r.ID, req.CheckIn, req.CheckOut) {
			return r.ID
		}
	}
	return ""
}

func (d *Desk) runFreeLocked(runID string, in, out time.Time) bool {
	overlaps := func(q Quote, r Request) bool {
		return q.RunID == runID && r.CheckIn.Before(out) && in.Before(r.CheckOut)
	}
	for _, h := range d.holds {
		if overlaps(h.Quote, h.Request) {
			return false
		}
	}
	for _, b := range d.bookings {
		if overlaps(b.Quote, b.Request) {
			return false
		}
	}
	return true
}
