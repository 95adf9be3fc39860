// Package tension supervises warp tension on a floor of weaving looms and
// only lets a loom weave while its warp sits inside the style's tension band.
package tension

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

var (
	// ErrStopped is returned when work is submitted to a stopped controller.
	ErrStopped = errors.New("tension: controller stopped")
	// ErrUnknownLoom is returned for readings from a loom without an order.
	ErrUnknownLoom = errors.New("tension: unknown loom")
)

// Band is the acceptable warp tension range for a fabric style, in newtons.
type Band struct {
	Min float64
	Max float64
}

// Contains reports whether v lies in the band.
func (b Band) Contains(v float64) bool { return v >= b.Min && v <= b.Max }

func (b Band) valid() bool { return b.Min > 0 && b.Max > b.Min }

// Reading is one sample from a loom's warp tension load cell.
type Reading struct {
	Loom    string
	Newtons float64
	At      time.Time
}

// Loom drives one weaving machine.
type Loom interface {
	ID() string
	// WeavePicks inserts up to n weft picks and reports how many it laid.
	WeavePicks(ctx context.Context, n int) (int, error)
}

// Order is a length of fabric to weave on one loom.
type Order struct {
	Style string
	Loom  Loom
	Band  Band
	Picks int
}

// Controller coordinates looms and their tension sensors.
type Controller struct {
	opts options

	mu       sync.Mutex
	cond     *sync.Cond
	stations map[string]*station
	stopping bool
}

// New returns an idle controller.
func New(opts ...Option) *Controller {
	o := defaultOptions()
	for _, fn := range opts {
		fn(&o)
	}
	c := &Controller{opts: o, stations: make(map[string]*station)}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// Start registers the orders and starts a worker for each loom. A worker
// waits for its warp to settle in band, weaves in batches, and parks again
// whenever tension drifts out.
func (c *Controller) Start(ctx context.Context, orders ...Order) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopping {
		return ErrStopped
	}
	for _, o := range orders {
		if o.Loom == nil || o.Picks <= 0 || !o.Band.valid() {
			return fmt.Errorf("tension: invalid order for style %q", o.Style)
		}
		if _, dup := c.stations[o.Loom.ID()]; dup {
			return fmt.Errorf("tension: loom %s already has an order", o.Loom.ID())
		}
	}
	for _, o := range orders {
		st := &station{order: o, state: StateQueued}
		c.stations[o.Loom.ID()] = st
		go c.run(ctx, st)
		c.opts.logger.Printf("loom %s: order %s for %d picks, band %.0f-%.0f N",
			o.Loom.ID(), o.Style, o.Picks, o.Band.Min, o.Band.Max)
	}
	return nil
}

// Observe records a tension reading and wakes any loom waiting on it.
func (c *Controller) Observe(r Reading) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.stations[r.Loom]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownLoom, r.Loom)
	}
	st.tension = r.Newtons
	st.lastReading = r.At
	if st.order.Band.Contains(r.Newtons) {
		st.streak++
	} else {
		if st.streak >= c.opts.settle {
			c.opts.logger.Printf("loom %s: tension %.1f N out of band", r.Loom, r.Newtons)
		}
		st.streak = 0
	}
	c.cond.Broadcast()
	return nil
}

// Stop asks every worker to finish its current batch and exit.
func (c *Controller) Stop() {
	c.mu.Lock()
	if c.stopping {
		c.mu.Unlock()
		return
	}
	c.stopping = true
	c.mu.Unlock()
	c.opts.logger.Printf("controller stopping")
	c.cond.Broadcast()
}

// StationStats is a snapshot of one loom for the floor dashboard.
type StationStats struct {
	Loom    string
	Style   string
	State   State
	Woven   int
	Picks   int
	Tension float64
	Err     error
}

// Stats returns a snapshot of every loom, ordered by loom id.
func (c *Controller) Stats() []StationStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]StationStats, 0, len(c.stations))
	for id, st := range c.stations {
		out = append(out, StationStats{
			Loom:    id,
			Style:   st.order.Style,
			State:   st.state,
			Woven:   st.woven,
			Picks:   st.order.Picks,
			Tension: st.tension,
			Err:     st.err,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Loom < out[j].Loom })
	return out
}
