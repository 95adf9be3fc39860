package kds

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Option configures a Router.
type Option func(*Router)

// WithClock sets the clock used to stamp tickets.
func WithClock(c Clock) Option {
	return func(r *Router) { r.clock = c }
}

// WithRoute sends items of category cat to station.
func WithRoute(cat Category, station string) Option {
	return func(r *Router) { r.routes[cat] = station }
}

// WithFallbackStation sends items with an unrouted category to station
// instead of rejecting the order.
func WithFallbackStation(station string) Option {
	return func(r *Router) { r.fallback = station }
}

// Router splits orders into station tickets and tracks them until every item
// has been bumped.
type Router struct {
	display  Display
	clock    Clock
	routes   map[Category]string
	fallback string

	mu     sync.Mutex
	cond   *sync.Cond // signalled whenever an order changes state
	orders map[string]*orderState
}

type orderState struct {
	order    Order
	fired    time.Time
	readyAt  time.Time
	station  map[string]string          // item ID -> station
	open     map[string]map[string]bool // station -> open item IDs
	pending  int                        // items not yet bumped
	voided   bool
	tickets  []Ticket
	bumpedAt map[string]time.Time
}

func (s *orderState) status() Status {
	switch {
	case s.voided:
		return StatusVoided
	case s.pending == 0:
		return StatusReady
	default:
		return StatusOpen
	}
}

// New returns a Router that shows tickets on d.
func New(d Display, opts ...Option) *Router {
	r := &Router{
		display: d,
		clock:   systemClock{},
		routes:  make(map[Category]string),
		orders:  make(map[string]*orderState),
	}
	for _, o := range opts {
		o(r)
	}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *Router) stationFor(c Category) (string, error) {
	if s, ok := r.routes[c]; ok {
		return s, nil
	}
	if r.fallback != "" {
		return r.fallback, nil
	}
	return "", fmt.Errorf("%w %q", ErrNoStation, c)
}

// Submit fires an order: it is split into one ticket per station and every
// ticket is put on its station's display. If any display rejects its ticket
// the tickets already shown are cleared and the order is dropped.
func (r *Router) Submit(ctx context.Context, o Order) error {
	if len(o.Items) == 0 {
		return fmt.Errorf("order %s: %w", o.ID, ErrEmptyOrder)
	}
	st := &orderState{
		order:    o,
		fired:    r.clock.Now(),
		station:  make(map[string]string),
		open:     make(map[string]map[string]bool),
		bumpedAt: make(map[string]time.Time),
	}
	byStation := make(map[string][]Item)
	for _, it := range o.Items {
		name, err := r.stationFor(it.Category)
		if err != nil {
			return fmt.Errorf("order %s item %s: %w", o.ID, it.ID, err)
		}
		byStation[name] = append(byStation[name], it)
		st.station[it.ID] = name
		if st.open[name] == nil {
			st.open[name] = make(map[string]bool)
		}
		st.open[name][it.ID] = true
		st.pending++
	}
	names := make([]string, 0, len(byStation))
	for name := range byStation {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		st.tickets = append(st.tickets, Ticket{
			OrderID: o.ID,
			Station: name,
			Table:   o.Table,
			Items:   byStation[name],
			Fired:   st.fired,
			Rush:    o.Rush,
		})
	}

	r.mu.Lock()
	if _, dup := r.orders[o.ID]; dup {
		r.mu.Unlock()
		return fmt.Errorf("order %s: %w", o.ID, ErrDuplicateOrder)
	}
	r.orders[o.ID] = st
	r.mu.Unlock()

	for i, t := range st.tickets {
		if err := r.display.Show(ctx, t); err != nil {
			for _, shown := range st.tickets[:i] {
				_ = r.display.Clear(ctx, shown.Station, o.ID)
			}
			r.mu.Lock()
			delete(r.orders, o.ID)
			r.mu.Unlock()
			return fmt.Errorf("order %s: show on %s: %w", o.ID, t.Station, err)
		}
	}
	return nil
}

// Bump marks one item as done. When the last open item of a station's
// ticket is bumped the ticket is cleared from that station's screen; when
// the last item of the order is bumped, expo is notified.
func (r *Router) Bump(ctx context.Context, orderID, itemID string) error {
	r.mu.Lock()
	st, ok := r.orders[orderID]
	if !ok {
		r.mu.Unlock()
		return fmt.Errorf("bump %s/%s: %w", orderID, itemID, ErrUnknownOrder)
	}
	if st.voided {
		r.mu.Unlock()
		return fmt.Errorf("bump %s/%s: %w", orderID, itemID, ErrVoided)
	}
	station, ok := st.station[itemID]
	if !ok {
		r.mu.Unlock()
		return fmt.Errorf("bump %s/%s: %w", orderID, itemID, ErrUnknownItem)
	}
	if !st.open[station][itemID] {
		r.mu.Unlock()
		return nil // double tap on the bump bar
	}
	delete(st.open[station], itemID)
	st.bumpedAt[itemID] = r.clock.Now()
	st.pending--
	stationDone := len(st.open[station]) == 0
	if st.pending == 0 {
		st.readyAt = r.clock.Now()
		r.cond.Broadcast()
	}
	r.mu.Unlock()

	if stationDone {
		if err := r.display.Clear(ctx, station, orderID); err != nil {
			return fmt.Errorf("bump %s/%s: clear %s: %w", orderID, itemID, station, err)
		}
	}
	return nil
}

// Void cancels an order. Its open tickets are pulled from every station and
// anyone waiting on the order is released with StatusVoided.
func (r *Router) Void(ctx context.Context, orderID string) error {
	r.mu.Lock()
	st, ok := r.orders[orderID]
	if !ok {
		r.mu.Unlock()
		return fmt.Errorf("void %s: %w", orderID, ErrUnknownOrder)
	}
	if st.voided {
		r.mu.Unlock()
		return nil
	}
	st.voided = true
	var stations []string
	for name, open := range st.open {
		if len(open) > 0 {
			stations = append(stations, name)
		}
	}
	r.cond.Broadcast()
	r.mu.Unlock()

	sort.Strings(stations)
	for _, name := range stations {
		if err := r.display.Clear(ctx, name, orderID); err != nil {
			return fmt.Errorf("void %s: clear %s: %w", orderID, name, err)
		}
	}
	return nil
}

// Ready returns a channel that receives the order's final status once every
// item has been bumped or the order has been voided. Unknown orders report
// StatusUnknown immediately.
func (r *Router) Ready(orderID string) <-chan Status {
	ch := make(chan Status, 1)
	go r.await(orderID, ch)
	return ch
}

func (r *Router) await(orderID string, ch chan<- Status) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st, ok := r.orders[orderID]
	if !ok {
		ch <- StatusUnknown
		return
	}
	for st.pending > 0 {
		r.cond.Wait() // leak: a voided order keeps pending > 0, so this never returns
	}
	ch <- st.status()
}

// Tickets returns a station's open tickets, rush orders first, then oldest.
func (r *Router) Tickets(station string) []Ticket {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Ticket
	for _, st := range r.orders {
		if st.voided || len(st.open[station]) == 0 {
			continue
		}
		for _, t := range st.tickets {
			if t.Station == station {
				out = append(out, t)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rush != out[j].Rush {
			return out[i].Rush
		}
		if !out[i].Fired.Equal(out[j].Fired) {
			return out[i].Fired.Before(out[j].Fired)
		}
		return out[i].OrderID < out[j].OrderID
	})
	return out
}

// TicketTime reports how long a finished order took from fire to ready.
func (r *Router) TicketTime(orderID string) (time.Duration, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st, ok := r.orders[orderID]
	if !ok {
		return 0, fmt.Errorf("ticket time %s: %w", orderID, ErrUnknownOrder)
	}
	if st.status() != StatusReady {
		return 0, fmt.Errorf("ticket time %s: order is %s", orderID, st.status())
	}
	return st.readyAt.Sub(st.fired), nil
}

// Sweep forgets finished (ready or voided) orders fired before cutoff.
func (r *Router) Sweep(cutoff time.Time) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for id, st := range r.orders {
		if st.status() != StatusOpen && st.fired.Before(cutoff) {
			delete(r.orders, id)
			n++
		}
	}
	return n
}
