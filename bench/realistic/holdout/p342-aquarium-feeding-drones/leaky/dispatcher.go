package feeding

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Drone is a hopper drone riding the rail above the tanks.
type Drone interface {
	ID() string
	Diet() Diet
	// Dispense flies to the tank hatch and drops the given amount of feed.
	Dispense(ctx context.Context, tankID string, grams float64) error
}

// Fleet lists the drones that are currently undocked and charged.
type Fleet interface {
	Available(ctx context.Context) ([]Drone, error)
}

// Config controls a Dispatcher.
type Config struct {
	// RoundTimeout bounds a whole feeding round. Tanks not fed by then are
	// reported as missed and picked up by the next round.
	RoundTimeout time.Duration
	// MinPortion is the smallest amount a dispenser can drop, in grams.
	MinPortion float64
	Logger     *log.Logger
}

func (c *Config) setDefaults() {
	if c.RoundTimeout <= 0 {
		c.RoundTimeout = 5 * time.Minute
	}
	if c.MinPortion <= 0 {
		c.MinPortion = 0.5
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
}

// Outcome is the result of feeding one tank.
type Outcome struct {
	TankID  string
	DroneID string
	Grams   float64
	Took    time.Duration
	Err     error
}

// Report summarises a feeding round.
type Report struct {
	Started  time.Time
	Fed      []Outcome
	Failed   []Outcome
	Missed   []string
	Complete bool
}

// GramsDropped is the total amount of feed delivered in the round.
func (r *Report) GramsDropped() float64 {
	var g float64
	for _, o := range r.Fed {
		g += o.Grams
	}
	return g
}

// ErrNoDrones is returned when no drone can serve the round.
var ErrNoDrones = errors.New("feeding: no drones available")

// Dispatcher hands feeding portions to drones.
type Dispatcher struct {
	fleet Fleet
	cfg   Config

	mu     sync.Mutex
	rounds int
}

// NewDispatcher creates a dispatcher for the given fleet.
func NewDispatcher(fleet Fleet, cfg Config) *Dispatcher {
	cfg.setDefaults()
	return &Dispatcher{fleet: fleet, cfg: cfg}
}

// FeedRound feeds every non-fasting tank once. Each available drone takes
// portions of its own diet from a shared queue.
func (d *Dispatcher) FeedRound(ctx context.Context, tanks []Tank) (*Report, error) {
	plan, err := BuildPlan(tanks, d.cfg.MinPortion)
	if err != nil {
		return nil, err
	}

	ctx, cancel := context.WithTimeout(ctx, d.cfg.RoundTimeout)
	defer cancel()

	drones, err := d.fleet.Available(ctx)
	if err != nil {
		return nil, fmt.Errorf("feeding: listing drones: %w", err)
	}
	queues := make(map[Diet]chan Portion)
	for _, dr := range drones {
		if _, ok := queues[dr.Diet()]; !ok {
			queues[dr.Diet()] = make(chan Portion)
		}
	}

	report := &Report{Started: time.Now()}
	var work []Portion
	for _, p := range plan {
		if _, ok := queues[p.Tank.Diet]; !ok {
			d.cfg.Logger.Printf("feeding: no %s drone for tank %s", p.Tank.Diet, p.Tank.ID)
			report.Missed = append(report.Missed, p.Tank.ID)
			continue
		}
		work = append(work, p)
	}
	if len(work) == 0 {
		return report, ErrNoDrones
	}

	d.mu.Lock()
	d.rounds++
	round := d.rounds
	d.mu.Unlock()

	results := make(chan Outcome)
	for _, dr := range drones {
		go d.runDrone(ctx, dr, queues[dr.Diet()], results)
	}
	go enqueue(ctx, work, queues)

	pending := make(map[string]bool, len(work))
	for _, p := range work {
		pending[p.Tank.ID] = true
	}
	for len(pending) > 0 {
		select {
		case out := <-results:
			delete(pending, out.TankID)
			if out.Err != nil {
				d.cfg.Logger.Printf("feeding: round %d: drone %s failed at tank %s: %v", round, out.DroneID, out.TankID, out.Err)
				report.Failed = append(report.Failed, out)
				continue
			}
			report.Fed = append(report.Fed, out)
		case <-ctx.Done():
			for id := range pending {
				report.Missed = append(report.Missed, id)
			}
			d.cfg.Logger.Printf("feeding: round %d stopped with %d tanks unfed: %v", round, len(pending), ctx.Err())
			return report, fmt.Errorf("feeding: round %d: %w", round, ctx.Err())
		}
	}
	report.Complete = len(report.Failed) == 0 && len(report.Missed) == 0
	return report, nil
}

// Rounds returns how many rounds have been started.
func (d *Dispatcher) Rounds() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.rounds
}

func enqueue(ctx context.Context, work []Portion, queues map[Diet]chan Portion) {
	defer func() {
		for _, q := range queues {
			close(q)
		}
	}()
	for _, p := range work {
		select {
		case queues[p.Tank.Diet] <- p:
		case <-ctx.Done():
			return
		}
	}
}

func (d *Dispatcher) runDrone(ctx context.Context, dr Drone, queue <-chan Portion, results chan<- Outcome) {
	for p := range queue {
		start := time.Now()
		err := dr.Dispense(ctx, p.Tank.ID, p.Grams)
		results <- Outcome{ // leak: FeedRound stops receiving once the round deadline passes
			TankID:  p.Tank.ID,
			DroneID: dr.ID(),
			Grams:   p.Grams,
			Took:    time.Since(start),
			Err:     err,
		}
	}
}
