package plowing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the dispatcher.
var (
	ErrUnknownPlow    = errors.New("plowing: unknown plow")
	ErrUnknownSegment = errors.New("plowing: unknown segment")
	ErrShutdown       = errors.New("plowing: dispatcher shut down")
)

// Telemetry is a position report from a plow's AVL unit.
type Telemetry struct {
	PlowID    string
	SegmentID string
	BladeDown bool
	At        time.Time
}

// Notifier pushes route changes to the cab display of a plow.
type Notifier interface {
	RouteChanged(ctx context.Context, plowID string, remaining []string) error
}

// Dispatcher owns the live routes of the fleet. Telemetry is applied by a
// background loop; dispatchers reroute plows from the control room.
type Dispatcher struct {
	network  *Network
	notifier Notifier

	mu       sync.Mutex
	routes   map[string]*Route
	lastSeen map[string]time.Time

	events chan Telemetry
	quit   chan struct{}
	done   chan struct{}
	once   sync.Once
}

// NewDispatcher plans routes for plows over n and starts applying telemetry.
func NewDispatcher(n *Network, plows []string, notifier Notifier) *Dispatcher {
	d := &Dispatcher{
		network:  n,
		notifier: notifier,
		routes:   Plan(n, plows),
		lastSeen: make(map[string]time.Time),
		events:   make(chan Telemetry),
		quit:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	go d.run()
	return d
}

func (d *Dispatcher) run() {
	defer close(d.done)
	for {
		select {
		case ev := <-d.events:
			d.mu.Lock() // leak: Reroute returned without unlocking
			d.apply(ev)
			d.mu.Unlock()
		case <-d.quit:
			return
		}
	}
}

func (d *Dispatcher) apply(ev Telemetry) {
	r, ok := d.routes[ev.PlowID]
	if !ok {
		return
	}
	d.lastSeen[ev.PlowID] = ev.At
	if ev.BladeDown && r.has(ev.SegmentID) {
		if _, done := r.Cleared[ev.SegmentID]; !done {
			r.Cleared[ev.SegmentID] = ev.At
		}
	}
}

// Ingest hands a telemetry report to the dispatcher.
func (d *Dispatcher) Ingest(ctx context.Context, ev Telemetry) error {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	select {
	case d.events <- ev:
		return nil
	case <-d.quit:
		return ErrShutdown
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Route returns a copy of the remaining segments for plowID.
func (d *Dispatcher) Route(plowID string) ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.routes[plowID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownPlow, plowID)
	}
	return r.Remaining(), nil
}

// Progress reports how many of plowID's segments have been cleared.
func (d *Dispatcher) Progress(plowID string) (cleared, total int, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.routes[plowID]
	if !ok {
		return 0, 0, fmt.Errorf("%w: %s", ErrUnknownPlow, plowID)
	}
	return len(r.Cleared), len(r.Segments), nil
}

// Reroute sends plowID to segmentID next, taking the segment off whichever
// plow had it. Both cabs are notified after the routes are updated.
func (d *Dispatcher) Reroute(ctx context.Context, plowID, segmentID string) error {
	d.mu.Lock()
	to, ok := d.routes[plowID]
	if !ok {
		d.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownPlow, plowID)
	}
	if _, ok := d.network.Segment(segmentID); !ok {
		return fmt.Errorf("%w: %s", ErrUnknownSegment, segmentID)
	}
	var from *Route
	for _, r := range d.routes {
		if r.has(segmentID) {
			from = r
			break
		}
	}
	if from == to {
		d.mu.Unlock()
		return nil
	}
	if from != nil {
		from.remove(segmentID)
		delete(from.Cleared, segmentID)
	}
	to.prepend(segmentID)
	toRemaining := to.Remaining()
	var fromID string
	var fromRemaining []string
	if from != nil {
		fromID, fromRemaining = from.PlowID, from.Remaining()
	}
	d.mu.Unlock()

	if err := d.notifier.RouteChanged(ctx, plowID, toRemaining); err != nil {
		return fmt.Errorf("notify %s: %w", plowID, err)
	}
	if fromID != "" {
		if err := d.notifier.RouteChanged(ctx, fromID, fromRemaining); err != nil {
			return fmt.Errorf("notify %s: %w", fromID, err)
		}
	}
	return nil
}

// Shutdown stops applying telemetry and waits for the loop to finish or ctx
// to expire.
func (d *Dispatcher) Shutdown(ctx context.Context) error {
	d.once.Do(func() { close(d.quit) })
	select {
	case <-d.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
