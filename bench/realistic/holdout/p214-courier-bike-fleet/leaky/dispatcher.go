package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"time"
)

// Config tunes the dispatcher.
type Config struct {
	// QuoteWorkers bounds concurrent routing requests per order.
	QuoteWorkers int
	// QuoteTimeout bounds the whole quoting round.
	QuoteTimeout time.Duration
	// GoodEnoughETA stops quoting as soon as a bike this close is found.
	GoodEnoughETA time.Duration
	// MaxCandidates limits how many of the nearest bikes are quoted.
	MaxCandidates int
	// MinBattery is the charge an e-bike needs to be offered work.
	MinBattery int
	Logger     *log.Logger
}

func (c *Config) setDefaults() {
	if c.QuoteWorkers <= 0 {
		c.QuoteWorkers = 4
	}
	if c.QuoteTimeout <= 0 {
		c.QuoteTimeout = 3 * time.Second
	}
	if c.GoodEnoughETA <= 0 {
		c.GoodEnoughETA = 5 * time.Minute
	}
	if c.MaxCandidates <= 0 {
		c.MaxCandidates = 10
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
}

// Dispatcher matches orders to idle bikes.
type Dispatcher struct {
	cfg     Config
	fleet   Fleet
	router  Router
	offerer Offerer
}

// New returns a Dispatcher.
func New(cfg Config, fleet Fleet, router Router, offerer Offerer) (*Dispatcher, error) {
	if fleet == nil || router == nil || offerer == nil {
		return nil, errors.New("dispatch: fleet, router and offerer are required")
	}
	cfg.setDefaults()
	return &Dispatcher{cfg: cfg, fleet: fleet, router: router, offerer: offerer}, nil
}

// Dispatch finds a bike for the order and offers it the job, falling back
// to the next best quote when a courier declines.
func (d *Dispatcher) Dispatch(ctx context.Context, o Order) (Assignment, error) {
	bikes, err := d.fleet.Idle(ctx, o.Zone)
	if err != nil {
		return Assignment{}, fmt.Errorf("dispatch: order %s: list idle bikes: %w", o.ID, err)
	}
	candidates := d.candidates(o, bikes)
	if len(candidates) == 0 {
		return Assignment{}, ErrNoBike
	}

	for len(candidates) > 0 {
		q, n, err := d.bestQuote(ctx, o, candidates)
		if err != nil {
			return Assignment{}, fmt.Errorf("dispatch: order %s: %w", o.ID, err)
		}
		err = d.offerer.Offer(ctx, q.bike.ID, o.ID)
		if err == nil {
			d.cfg.Logger.Printf("dispatch: order %s -> bike %s (eta %s, %d quoted)", o.ID, q.bike.ID, q.eta, n)
			return Assignment{OrderID: o.ID, BikeID: q.bike.ID, PickupETA: q.eta, Quoted: n}, nil
		}
		if !errors.Is(err, ErrDeclined) {
			return Assignment{}, fmt.Errorf("dispatch: order %s: offer to %s: %w", o.ID, q.bike.ID, err)
		}
		d.cfg.Logger.Printf("dispatch: order %s: bike %s declined", o.ID, q.bike.ID)
		candidates = without(candidates, q.bike.ID)
	}
	return Assignment{}, ErrNoBike
}

// candidates filters out unsuitable bikes and keeps the nearest few.
func (d *Dispatcher) candidates(o Order, bikes []Bike) []Bike {
	out := make([]Bike, 0, len(bikes))
	for _, b := range bikes {
		if o.Bulky && !b.Cargo {
			continue
		}
		if b.Battery > 0 && b.Battery < d.cfg.MinBattery {
			continue
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		return distance(out[i].Position, o.Pickup) < distance(out[j].Position, o.Pickup)
	})
	if len(out) > d.cfg.MaxCandidates {
		out = out[:d.cfg.MaxCandidates]
	}
	return out
}

func without(bikes []Bike, id string) []Bike {
	out := bikes[:0:0]
	for _, b := range bikes {
		if b.ID != id {
			out = append(out, b)
		}
	}
	return out
}
