package arrivals

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Config tunes the predictor.
type Config struct {
	// StaleAfter drops positions older than this. Defaults to 90s.
	StaleAfter time.Duration
	// MinSpeedMPS is the floor used for vehicles that are stopped or crawling,
	// so that a bus at a red light does not predict an arrival next week.
	// Defaults to 2 m/s.
	MinSpeedMPS float64
	// Smoothing is the EWMA weight given to the newest speed sample. Defaults to 0.3.
	Smoothing float64
	// MaxArrivals caps the number of rows on a board. Defaults to 4.
	MaxArrivals int
	// Clock defaults to the system clock.
	Clock Clock
}

func (c *Config) setDefaults() {
	if c.StaleAfter <= 0 {
		c.StaleAfter = 90 * time.Second
	}
	if c.MinSpeedMPS <= 0 {
		c.MinSpeedMPS = 2
	}
	if c.Smoothing <= 0 || c.Smoothing > 1 {
		c.Smoothing = 0.3
	}
	if c.MaxArrivals <= 0 {
		c.MaxArrivals = 4
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
}

// Predictor consumes vehicle positions and publishes boards to a Hub.
type Predictor struct {
	cfg Config
	hub *Hub

	mu       sync.Mutex
	speeds   map[string]float64               // vehicle -> smoothed speed
	lastStop map[string]string                // vehicle -> stop it was last predicted for
	byStop   map[string]map[string]Prediction // stop -> vehicle -> prediction
}

// NewPredictor returns a Predictor publishing to hub.
func NewPredictor(cfg Config, hub *Hub) *Predictor {
	cfg.setDefaults()
	return &Predictor{
		cfg:      cfg,
		hub:      hub,
		speeds:   make(map[string]float64),
		lastStop: make(map[string]string),
		byStop:   make(map[string]map[string]Prediction),
	}
}

// Observe folds a vehicle position into the predictions and pushes the
// affected boards to the displays.
func (p *Predictor) Observe(ctx context.Context, pos VehiclePosition) (Prediction, error) {
	if err := ctx.Err(); err != nil {
		return Prediction{}, err
	}
	if pos.VehicleID == "" || pos.NextStopID == "" || pos.DistanceToStopM < 0 {
		return Prediction{}, fmt.Errorf("%w: vehicle %q stop %q", ErrInvalidPosition, pos.VehicleID, pos.NextStopID)
	}
	now := p.cfg.Clock.Now()
	if age := now.Sub(pos.Timestamp); age > p.cfg.StaleAfter {
		return Prediction{}, fmt.Errorf("%w: vehicle %s reported %s ago", ErrStalePosition, pos.VehicleID, age)
	}

	p.mu.Lock()
	speed := p.smoothSpeed(pos.VehicleID, pos.SpeedMPS)
	eta := time.Duration(pos.DistanceToStopM / speed * float64(time.Second))
	pred := Prediction{
		StopID:      pos.NextStopID,
		RouteID:     pos.RouteID,
		TripID:      pos.TripID,
		VehicleID:   pos.VehicleID,
		ArrivesAt:   pos.Timestamp.Add(eta),
		GeneratedAt: now,
	}

	changed := []string{pred.StopID}
	if prev, ok := p.lastStop[pos.VehicleID]; ok && prev != pred.StopID {
		// The vehicle has served its previous stop; take it off that board.
		delete(p.byStop[prev], pos.VehicleID)
		changed = append(changed, prev)
	}
	p.lastStop[pos.VehicleID] = pred.StopID
	if p.byStop[pred.StopID] == nil {
		p.byStop[pred.StopID] = make(map[string]Prediction)
	}
	p.byStop[pred.StopID][pos.VehicleID] = pred

	boards := make([]Board, 0, len(changed))
	for _, stopID := range changed {
		boards = append(boards, p.boardLocked(stopID, now))
	}
	p.mu.Unlock()

	for _, b := range boards {
		p.hub.Publish(b)
	}
	return pred, nil
}

// Board returns the current board for a stop.
func (p *Predictor) Board(stopID string) Board {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.boardLocked(stopID, p.cfg.Clock.Now())
}

func (p *Predictor) smoothSpeed(vehicleID string, sample float64) float64 {
	prev, ok := p.speeds[vehicleID]
	speed := sample
	if ok {
		speed = p.cfg.Smoothing*sample + (1-p.cfg.Smoothing)*prev
	}
	p.speeds[vehicleID] = speed
	if speed < p.cfg.MinSpeedMPS {
		return p.cfg.MinSpeedMPS
	}
	return speed
}

func (p *Predictor) boardLocked(stopID string, now time.Time) Board {
	b := Board{StopID: stopID, UpdatedAt: now}
	for _, pred := range p.byStop[stopID] {
		if pred.ArrivesAt.Before(now.Add(-time.Minute)) {
			continue
		}
		b.Arrivals = append(b.Arrivals, pred)
	}
	sort.Slice(b.Arrivals, func(i, j int) bool {
		return b.Arrivals[i].ArrivesAt.Before(b.Arrivals[j].ArrivesAt)
	})
	if len(b.Arrivals) > p.cfg.MaxArrivals {
		b.Arrivals = b.Arrivals[:p.cfg.MaxArrivals]
	}
	return b
}
