// Package dispatch matches riders to nearby drivers by sending each candidate
// driver a time-limited offer, one driver at a time, until someone accepts.
package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Errors returned by the dispatcher.
var (
	// ErrNoDriver is returned when every candidate declined, ignored or
	// could not be reached before their offer expired.
	ErrNoDriver = errors.New("dispatch: no driver accepted the ride")
	// ErrClosed is returned for requests made after Close.
	ErrClosed = errors.New("dispatch: dispatcher closed")
)

// DriverIndex answers geo queries over the currently online drivers.
type DriverIndex interface {
	// Nearby returns up to limit available drivers within radiusKm of loc.
	Nearby(ctx context.Context, loc Location, radiusKm float64, limit int) ([]Driver, error)
}

// Notifier pushes offers to driver devices.
type Notifier interface {
	SendOffer(ctx context.Context, o Offer) error
}

// Clock abstracts time so that offer expiry can be controlled in tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithOfferTTL sets how long a driver has to answer an offer.
func WithOfferTTL(d time.Duration) Option { return func(x *Dispatcher) { x.ttl = d } }

// WithSearchRadius sets the pickup search radius in kilometres.
func WithSearchRadius(km float64) Option { return func(x *Dispatcher) { x.radiusKm = km } }

// WithMaxCandidates caps how many drivers are offered a single ride.
func WithMaxCandidates(n int) Option { return func(x *Dispatcher) { x.maxCandidates = n } }

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(x *Dispatcher) { x.clock = c } }

// WithLogger sets the logger used for dropped or unexpected replies.
func WithLogger(l *log.Logger) Option { return func(x *Dispatcher) { x.logger = l } }

// Dispatcher hands out ride offers and routes driver replies back to the
// request that is waiting for them.
type Dispatcher struct {
	index    DriverIndex
	notifier Notifier
	clock    Clock
	logger   *log.Logger

	ttl           time.Duration
	radiusKm      float64
	maxCandidates int

	seq     uint64
	offers  *offerBook
	quit    chan struct{}
	closing sync.Once
}

// New returns a Dispatcher that reads driver replies from replies until
// Close is called or replies is closed.
func New(index DriverIndex, notifier Notifier, replies <-chan Reply, opts ...Option) *Dispatcher {
	d := &Dispatcher{
		index:         index,
		notifier:      notifier,
		clock:         systemClock{},
		logger:        log.Default(),
		ttl:           15 * time.Second,
		radiusKm:      3,
		maxCandidates: 5,
		offers:        newOfferBook(),
		quit:          make(chan struct{}),
	}
	for _, opt := range opts {
		opt(d)
	}
	go d.routeReplies(replies)
	return d
}

// Close stops routing replies. Pending RequestRide calls return ErrClosed.
func (d *Dispatcher) Close() {
	d.closing.Do(func() { close(d.quit) })
}

// RequestRide offers the ride to nearby drivers, closest and best rated
// first, and returns the first acceptance.
func (d *Dispatcher) RequestRide(ctx context.Context, rideID string, rider Rider) (Match, error) {
	select {
	case <-d.quit:
		return Match{}, ErrClosed
	default:
	}

	drivers, err := d.index.Nearby(ctx, rider.Pickup, d.radiusKm, d.maxCandidates)
	if err != nil {
		return Match{}, fmt.Errorf("dispatch: find drivers for ride %s: %w", rideID, err)
	}
	rankDrivers(rider.Pickup, drivers)

	var offered []string
	defer func() { d.offers.withdraw(offered...) }()

	for _, drv := range drivers {
		o := Offer{
			ID:        rideID + "-" + strconv.FormatUint(atomic.AddUint64(&d.seq, 1), 10),
			RideID:    rideID,
			RiderID:   rider.ID,
			DriverID:  drv.ID,
			Pickup:    rider.Pickup,
			ExpiresAt: d.clock.Now().Add(d.ttl),
		}
		reply, ok := d.offers.open(o)
		if !ok {
			continue // driver is already looking at another offer
		}
		offered = append(offered, o.ID)

		accepted, err := d.await(ctx, o, reply)
		d.offers.releaseDriver(drv.ID)
		if err != nil {
			return Match{}, err
		}
		if accepted {
			return Match{RideID: rideID, DriverID: drv.ID, OfferID: o.ID, Attempts: len(offered)}, nil
		}
	}
	return Match{}, fmt.Errorf("%w: ride %s after %d offers", ErrNoDriver, rideID, len(offered))
}

// await sends the offer and waits for the driver's answer or its expiry.
func (d *Dispatcher) await(ctx context.Context, o Offer, reply <-chan Reply) (bool, error) {
	if err := d.notifier.SendOffer(ctx, o); err != nil {
		d.logger.Printf("dispatch: offer %s to driver %s not delivered: %v", o.ID, o.DriverID, err)
		return false, nil
	}
	expired := d.clock.After(d.ttl)
	select {
	case r := <-reply:
		return r.Accepted, nil
	case <-expired:
		return false, nil
	case <-ctx.Done():
		return false, fmt.Errorf("dispatch: ride %s: %w", o.RideID, ctx.Err())
	case <-d.quit:
		return false, ErrClosed
	}
}

// routeReplies hands each driver reply to the request waiting on it.
func (d *Dispatcher) routeReplies(replies <-chan Reply) {
	for {
		select {
		case <-d.quit:
			return
		case r, ok := <-replies:
			if !ok {
				return
			}
			if err := d.offers.deliver(r); err != nil {
				d.logger.Printf("dispatch: dropping reply: %v", err)
			}
		}
	}
}
