// Package dispatch matches ride requests to nearby drivers.
//
// A request is offered to one driver at a time, nearest first. Each offer is
// pushed to the driver's device and stays open for a limited window; if the
// driver does not accept in time the offer moves on to the next candidate.
package dispatch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the Dispatcher.
var (
	ErrNoDriverAvailable = errors.New("dispatch: no driver available")
	ErrUnknownOffer      = errors.New("dispatch: unknown or expired offer")
	ErrDriverOffline     = errors.New("dispatch: driver is offline")
	ErrClosed            = errors.New("dispatch: dispatcher closed")

	errDeclined     = errors.New("offer declined")
	errOfferExpired = errors.New("offer expired")
	errDriverBusy   = errors.New("driver is busy")
)

// Offer is a proposal for a driver to pick up a rider.
type Offer struct {
	ID, RiderID, DriverID string
	Pickup                Location
	ExpiresAt             time.Time
}

// Assignment is the result of a successful match.
type Assignment struct {
	OfferID, RiderID, DriverID string
	AcceptedAt                 time.Time
}

// Notifier delivers offers to driver devices, typically through a push
// gateway. Drivers answer through Dispatcher.Respond.
type Notifier interface {
	NotifyOffer(ctx context.Context, o Offer) error
}

// Clock abstracts time so that offer windows can be controlled in tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithClock overrides the wall clock.
func WithClock(c Clock) Option { return func(d *Dispatcher) { d.clock = c } }

// WithOfferTimeout sets how long a driver has to answer an offer.
func WithOfferTimeout(t time.Duration) Option { return func(d *Dispatcher) { d.offerTimeout = t } }

// WithMaxMissedOffers takes a driver out of rotation after n consecutive
// offers expired without an answer. Zero disables the check.
func WithMaxMissedOffers(n int) Option { return func(d *Dispatcher) { d.maxMissed = n } }

// Dispatcher matches riders with drivers. It is safe for concurrent use.
type Dispatcher struct {
	notifier      Notifier
	clock         Clock
	offerTimeout  time.Duration
	maxCandidates int
	radiusKm      float64
	maxMissed     int
	ctx           context.Context // scopes outbound notifications
	cancel        context.CancelFunc

	mu      sync.Mutex
	closed  bool
	seq     uint64
	drivers map[string]*driverSession
	pending map[string]*pendingOffer
}

type pendingOffer struct {
	offer Offer
	reply chan bool // buffered; written once by Respond
}

// New returns a Dispatcher that pushes offers through n.
func New(n Notifier, opts ...Option) *Dispatcher {
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dispatcher{
		notifier:      n,
		clock:         systemClock{},
		offerTimeout:  15 * time.Second,
		maxCandidates: 5,
		radiusKm:      8,
		maxMissed:     3,
		ctx:           ctx,
		cancel:        cancel,
		drivers:       make(map[string]*driverSession),
		pending:       make(map[string]*pendingOffer),
	}
	for _, opt := range opts {
		opt(d)
	}
	return d
}

// RequestRide offers the ride to nearby drivers in order of distance and
// returns the first acceptance.
func (d *Dispatcher) RequestRide(ctx context.Context, riderID string, pickup Location) (Assignment, error) {
	candidates, err := d.candidates(pickup)
	if err != nil {
		return Assignment{}, err
	}
	for _, driverID := range candidates {
		a, err := d.offer(ctx, riderID, pickup, driverID)
		switch {
		case err == nil:
			return a, nil
		case errors.Is(err, errDeclined), errors.Is(err, errOfferExpired),
			errors.Is(err, errDriverBusy), errors.Is(err, ErrDriverOffline):
			continue
		default:
			return Assignment{}, err
		}
	}
	return Assignment{}, fmt.Errorf("rider %s: %w", riderID, ErrNoDriverAvailable)
}

// offer proposes the ride to a single driver and waits for an answer, the
// offer window to close, or the caller to give up.
func (d *Dispatcher) offer(ctx context.Context, riderID string, pickup Location, driverID string) (Assignment, error) {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return Assignment{}, ErrClosed
	}
	s, ok := d.drivers[driverID]
	if !ok {
		d.mu.Unlock()
		return Assignment{}, fmt.Errorf("driver %s: %w", driverID, ErrDriverOffline)
	}
	if s.reserved || s.onTrip {
		d.mu.Unlock()
		return Assignment{}, fmt.Errorf("driver %s: %w", driverID, errDriverBusy)
	}
	d.seq++
	o := Offer{
		ID:        fmt.Sprintf("of-%d", d.seq),
		RiderID:   riderID,
		DriverID:  driverID,
		Pickup:    pickup,
		ExpiresAt: d.clock.Now().Add(d.offerTimeout),
	}
	select {
	case s.inbox <- o:
	default:
		d.mu.Unlock()
		return Assignment{}, fmt.Errorf("driver %s: offer queue full: %w", driverID, errDriverBusy)
	}
	p := &pendingOffer{offer: o, reply: make(chan bool, 1)}
	d.pending[o.ID] = p
	s.reserved = true
	d.mu.Unlock()

	select {
	case accepted := <-p.reply:
		return d.settle(o, accepted)
	case <-d.clock.After(d.offerTimeout):
		if !d.closeOffer(o, true) {
			// The driver answered just as the window closed.
			return d.settle(o, <-p.reply)
		}
		return Assignment{}, fmt.Errorf("offer %s to driver %s: %w", o.ID, driverID, errOfferExpired)
	case <-ctx.Done():
		if !d.closeOffer(o, false) {
			<-p.reply
			_, _ = d.settle(o, false) // the rider is gone; free the driver
		}
		return Assignment{}, fmt.Errorf("offer %s: %w", o.ID, ctx.Err())
	case <-d.ctx.Done():
		return Assignment{}, ErrClosed
	}
}

// Respond records a driver's answer to an offer.
func (d *Dispatcher) Respond(offerID, driverID string, accept bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.pending[offerID]
	if !ok || p.offer.DriverID != driverID {
		return fmt.Errorf("offer %s: %w", offerID, ErrUnknownOffer)
	}
	delete(d.pending, offerID)
	p.reply <- accept
	return nil
}

// settle applies an answer that Respond has already taken off the pending set.
func (d *Dispatcher) settle(o Offer, accepted bool) (Assignment, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.drivers[o.DriverID]
	if !accepted {
		if ok {
			s.reserved = false
			s.missed = 0
		}
		return Assignment{}, fmt.Errorf("offer %s: %w", o.ID, errDeclined)
	}
	if ok {
		s.missed = 0
		s.onTrip = true
	}
	return Assignment{
		OfferID:    o.ID,
		RiderID:    o.RiderID,
		DriverID:   o.DriverID,
		AcceptedAt: d.clock.Now(),
	}, nil
}

// closeOffer removes an unanswered offer and frees the driver. Offers that
// ran out of time count against the driver. It reports false if the driver
// answered before the offer could be removed.
func (d *Dispatcher) closeOffer(o Offer, timedOut bool) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.pending[o.ID]; !ok {
		return false
	}
	delete(d.pending, o.ID)
	s, ok := d.drivers[o.DriverID]
	if !ok {
		return true
	}
	s.reserved = false
	if !timedOut {
		return true
	}
	s.missed++
	if d.maxMissed > 0 && s.missed >= d.maxMissed {
		// The driver's app has gone quiet; stop offering rides until the
		// driver checks in again with GoOnline.
		delete(d.drivers, o.DriverID)
	}
	return true
}

// Close stops all driver sessions. Pending RequestRide calls return ErrClosed.
func (d *Dispatcher) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	d.cancel()
	for id, s := range d.drivers {
		close(s.inbox)
		delete(d.drivers, id)
	}
	return nil
}
