// Package riskmon maintains live positions from an execution feed and raises
// alerts when an account breaches its position or notional limits.
package riskmon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ErrShutdownTimeout is returned by Close when the processing loop does not
// stop within the configured shutdown timeout.
var ErrShutdownTimeout = errors.New("riskmon: shutdown timed out")

// Side is the side of an execution.
type Side int8

// Execution sides.
const (
	Buy Side = iota + 1
	Sell
)

// Execution is a fill reported by the execution feed.
type Execution struct {
	ID      string
	Account string
	Symbol  string
	Side    Side
	Qty     int64
	Price   float64
}

// Feed delivers executions in the order they happened. Next blocks until an
// execution is available or ctx is done; it returns io.EOF when the feed
// has ended.
type Feed interface {
	Next(ctx context.Context) (Execution, error)
}

// Instrument is static reference data for a tradable symbol.
type Instrument struct {
	Symbol     string
	LotSize    int64   // units per lot
	Multiplier float64 // notional per unit of price
}

// RefData resolves instruments.
type RefData interface {
	Instrument(symbol string) (Instrument, error)
}

// Alerter delivers limit alerts, for example to a pager or a chat channel.
type Alerter interface {
	Alert(ctx context.Context, a Alert) error
}

// Clock abstracts time for testing.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Option configures a Monitor.
type Option func(*Monitor)

// WithClock sets the clock used to timestamp alerts and positions.
func WithClock(c Clock) Option { return func(m *Monitor) { m.clock = c } }

// WithDefaultLimits sets the limits applied to accounts without their own.
func WithDefaultLimits(l Limits) Option { return func(m *Monitor) { m.defaults = l } }

// WithAccountLimits sets the limits of one account.
func WithAccountLimits(account string, l Limits) Option {
	return func(m *Monitor) { m.limits[account] = l }
}

// WithErrorHandler sets a function that receives processing errors. By
// default they are discarded.
func WithErrorHandler(fn func(error)) Option { return func(m *Monitor) { m.onError = fn } }

// WithShutdownTimeout bounds how long Close waits for the processing loop.
func WithShutdownTimeout(d time.Duration) Option {
	return func(m *Monitor) { m.shutdownTimeout = d }
}

// Monitor tracks positions per account and symbol. Its query methods are
// safe for concurrent use with the processing loop.
type Monitor struct {
	feed    Feed
	ref     RefData
	alerter Alerter

	clock           Clock
	defaults        Limits
	limits          map[string]Limits
	onError         func(error)
	shutdownTimeout time.Duration

	mu       sync.Mutex
	accounts map[string]*account
	breached map[breachKey]bool

	startOnce sync.Once
	cancel    context.CancelFunc
	done      chan struct{}
}

// New returns a Monitor. Call Start to begin consuming the feed.
func New(feed Feed, ref RefData, alerter Alerter, opts ...Option) *Monitor {
	m := &Monitor{
		feed:            feed,
		ref:             ref,
		alerter:         alerter,
		clock:           systemClock{},
		limits:          make(map[string]Limits),
		onError:         func(error) {},
		shutdownTimeout: 5 * time.Second,
		accounts:        make(map[string]*account),
		breached:        make(map[breachKey]bool),
		done:            make(chan struct{}),
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Start launches the processing loop. It may be called once.
func (m *Monitor) Start(ctx context.Context) {
	m.startOnce.Do(func() {
		ctx, m.cancel = context.WithCancel(ctx)
		go m.run(ctx)
	})
}

// Close stops the processing loop and waits for it to exit.
func (m *Monitor) Close() error {
	if m.cancel == nil {
		return nil
	}
	m.cancel()
	t := time.NewTimer(m.shutdownTimeout)
	defer t.Stop()
	select {
	case <-m.done:
		return nil
	case <-t.C:
		return fmt.Errorf("%w after %v", ErrShutdownTimeout, m.shutdownTimeout)
	}
}

func (m *Monitor) run(ctx context.Context) {
	defer close(m.done)
	for {
		ex, err := m.feed.Next(ctx)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, io.EOF) {
				m.onError(fmt.Errorf("riskmon: feed: %w", err))
			}
			return
		}
		if err := m.process(ctx, ex); err != nil {
			m.onError(err)
		}
	}
}

// process books one execution and sends any resulting alerts. A single bad
// execution or instrument must not stop risk checks for everything else, so
// panics are turned into errors.
func (m *Monitor) process(ctx context.Context, ex Execution) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("riskmon: execution %s: panic: %v", ex.ID, v)
		}
	}()
	inst, err := m.ref.Instrument(ex.Symbol)
	if err != nil {
		return fmt.Errorf("riskmon: execution %s: %w", ex.ID, err)
	}
	for _, a := range m.apply(ex, inst) {
		if err := m.alerter.Alert(ctx, a); err != nil {
			return fmt.Errorf("riskmon: alert %s/%s: %w", a.Account, a.Kind, err)
		}
	}
	return nil
}
