// Package fitting plans made-to-measure orders in a tailoring shop: it
// collects the customer's measurements, has the pattern drafted once they are
// complete and books the first fitting with the assigned tailor.
package fitting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrUnknownOrder is returned for an order that is not open.
var ErrUnknownOrder = errors.New("unknown order")

// ErrClosed is returned once the planner has been closed.
var ErrClosed = errors.New("planner closed")

// Pattern is a drafted paper pattern for an order.
type Pattern struct {
	OrderID string
	Pieces  int
	Ref     string
}

// Drafter drafts patterns from measurements, typically the cutting room's CAD service.
type Drafter interface {
	Draft(ctx context.Context, o Order, measurements map[string]float64) (Pattern, error)
}

// Calendar is the shop's appointment book.
type Calendar interface {
	// BookFitting books the first slot with tailor not earlier than after.
	BookFitting(ctx context.Context, orderID, tailor string, after time.Time) (time.Time, error)
	// ReleaseHold frees any slot tentatively held for orderID.
	ReleaseHold(ctx context.Context, orderID string) error
}

// Config configures a Planner.
type Config struct {
	// DraftLead is the time the cutting room needs per garment between
	// drafting and the first fitting.
	DraftLead time.Duration
	// DraftTimeout bounds a single call to the Drafter.
	DraftTimeout time.Duration
}

// Option customises a Planner.
type Option func(*Planner)

// WithLogger sets the planner's logger.
func WithLogger(l *log.Logger) Option { return func(p *Planner) { p.log = l } }

// WithClock overrides time.Now.
func WithClock(now func() time.Time) Option { return func(p *Planner) { p.now = now } }

// Planner tracks open orders.
type Planner struct {
	cfg      Config
	drafter  Drafter
	calendar Calendar
	log      *log.Logger
	now      func() time.Time

	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	orders map[string]*orderState
	closed bool
}

// New returns a Planner using drafter and calendar.
func New(drafter Drafter, calendar Calendar, cfg Config, opts ...Option) (*Planner, error) {
	if drafter == nil || calendar == nil {
		return nil, errors.New("fitting: drafter and calendar are required")
	}
	if cfg.DraftLead <= 0 {
		cfg.DraftLead = 48 * time.Hour
	}
	if cfg.DraftTimeout <= 0 {
		cfg.DraftTimeout = 30 * time.Second
	}
	p := &Planner{
		cfg:      cfg,
		drafter:  drafter,
		calendar: calendar,
		log:      log.New(io.Discard, "", 0),
		now:      time.Now,
		orders:   make(map[string]*orderState),
	}
	for _, o := range opts {
		o(p)
	}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	return p, nil
}

// Open registers a new order and starts waiting for its measurements.
func (p *Planner) Open(o Order) error {
	if o.ID == "" || o.Tailor == "" || len(o.Garments) == 0 {
		return fmt.Errorf("fitting: incomplete order %+v", o)
	}
	required, err := requiredMeasurements(o.Garments)
	if err != nil {
		return fmt.Errorf("order %s: %w", o.ID, err)
	}
	if o.Placed.IsZero() {
		o.Placed = p.now()
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if _, dup := p.orders[o.ID]; dup {
		return fmt.Errorf("fitting: order %s already open", o.ID)
	}
	st := newOrderState(o, required)
	p.orders[o.ID] = st
	go p.awaitMeasurements(st)
	p.log.Printf("order %s opened for %s: %d measurements needed", o.ID, o.Customer, len(required))
	return nil
}

func (p *Planner) lookup(orderID string) (*orderState, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	st, ok := p.orders[orderID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownOrder, orderID)
	}
	return st, nil
}

// Record stores one measurement, in centimetres, for an open order. Taking a
// measurement again replaces the earlier value.
func (p *Planner) Record(orderID, name string, cm float64) error {
	if err := checkMeasurement(name, cm); err != nil {
		return err
	}
	st, err := p.lookup(orderID)
	if err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.taken[name] = cm
	st.cond.Broadcast()
	return nil
}

// Missing lists the measurements still needed for an order.
func (p *Planner) Missing(orderID string) ([]string, error) {
	st, err := p.lookup(orderID)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.missingLocked(), nil
}

// Cancel withdraws an order and releases any fitting slot held for it.
func (p *Planner) Cancel(ctx context.Context, orderID, reason string) error {
	p.mu.Lock()
	st, ok := p.orders[orderID]
	if !ok {
		p.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownOrder, orderID)
	}
	delete(p.orders, orderID)
	p.mu.Unlock()

	st.mu.Lock()
	st.cancelled = true
	st.mu.Unlock()

	if err := p.calendar.ReleaseHold(ctx, orderID); err != nil {
		return fmt.Errorf("order %s cancelled, releasing hold: %w", orderID, err)
	}
	p.log.Printf("order %s cancelled: %s", orderID, reason)
	return nil
}

// Close stops the planner. Orders still waiting for measurements are
// abandoned and any draft in progress is cancelled.
func (p *Planner) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	pending := make([]*orderState, 0, len(p.orders))
	for _, st := range p.orders {
		pending = append(pending, st)
	}
	p.mu.Unlock()

	for _, st := range pending {
		st.mu.Lock()
		st.closed = true
		st.cond.Broadcast()
		st.mu.Unlock()
	}
	p.cancel()
}
