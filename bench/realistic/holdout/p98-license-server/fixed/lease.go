// Package license implements a floating license server.
//
// A server owns a fixed number of seats per feature. Clients check a seat out,
// keep it alive with heartbeats and give it back with Release. Leases that are
// not renewed within the lease TTL expire and their seats return to the pool.
// Clients may ask to wait for a seat when none is free.
package license

import (
	"errors"
	"time"
)

// Errors returned by the server. They are wrapped with context; use errors.Is.
var (
	ErrUnknownFeature = errors.New("license: unknown feature")
	ErrNoSeats        = errors.New("license: no free seats")
	ErrUnknownLease   = errors.New("license: unknown or expired lease")
	ErrClosed         = errors.New("license: server closed")
)

// Lease is a granted seat.
type Lease struct {
	ID        string
	Feature   string
	Client    string
	GrantedAt time.Time
	ExpiresAt time.Time
}

// Request describes a checkout.
type Request struct {
	// Feature is the licensed feature to check out.
	Feature string
	// Client identifies the requesting host or user.
	Client string
	// Wait makes Checkout block until a seat is free or the context is
	// done, instead of failing with ErrNoSeats.
	Wait bool
}

// Clock abstracts time for the server.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker used by the server.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// SystemClock is the Clock backed by package time.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// NewTicker returns a wrapped time.Ticker.
func (SystemClock) NewTicker(d time.Duration) Ticker { return sysTicker{time.NewTicker(d)} }

type sysTicker struct{ t *time.Ticker }

func (s sysTicker) C() <-chan time.Time { return s.t.C }
func (s sysTicker) Stop()               { s.t.Stop() }

// Metrics receives usage signals from the server. Implementations must not
// block and must not call back into the server.
type Metrics interface {
	SeatsInUse(feature string, n int)
	QueueDepth(feature string, n int)
	Expired(l Lease)
}

type nopMetrics struct{}

func (nopMetrics) SeatsInUse(string, int) {}
func (nopMetrics) QueueDepth(string, int) {}
func (nopMetrics) Expired(Lease)          {}

// Option configures a Server.
type Option func(*options)

type options struct {
	clock        Clock
	metrics      Metrics
	ttl          time.Duration
	reapInterval time.Duration
}

// WithClock sets the clock used for lease times and the expiry loop.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithMetrics sets the metrics sink.
func WithMetrics(m Metrics) Option { return func(o *options) { o.metrics = m } }

// WithLeaseTTL sets how long a lease stays valid without a heartbeat.
func WithLeaseTTL(d time.Duration) Option { return func(o *options) { o.ttl = d } }

// WithReapInterval sets how often expired leases are collected.
func WithReapInterval(d time.Duration) Option { return func(o *options) { o.reapInterval = d } }
