package seats

import "time"

// Ticker delivers periodic ticks.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time for hold expiry.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Logger receives operational messages.
type Logger interface {
	Printf(format string, args ...interface{})
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

// Option configures an Inventory.
type Option func(*Inventory)

// WithClock sets the clock.
func WithClock(c Clock) Option { return func(inv *Inventory) { inv.clock = c } }

// WithHoldTTL sets how long a hold lasts.
func WithHoldTTL(d time.Duration) Option { return func(inv *Inventory) { inv.holdTTL = d } }

// WithReapInterval sets how often expired holds are released.
func WithReapInterval(d time.Duration) Option { return func(inv *Inventory) { inv.reapInterval = d } }

// WithPartners sets the codeshare partners reconciled by SyncPartners.
func WithPartners(ps ...Partner) Option { return func(inv *Inventory) { inv.partners = ps } }

// WithReleaseHook registers fn to be called, outside the inventory lock,
// for every hold released because it expired.
func WithReleaseHook(fn func(Hold)) Option { return func(inv *Inventory) { inv.onRelease = fn } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(inv *Inventory) { inv.log = l } }
