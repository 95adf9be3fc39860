package tollsensor

import (
	"context"
	"fmt"
	"sync"
)

// LogFunc receives operational messages.
type LogFunc func(format string, args ...interface{})

// Plaza routes sensor readings from the lanes of a toll plaza to a
// per-lane processor that classifies vehicles and bills them.
type Plaza struct {
	name    string
	billing Billing
	logf    LogFunc
	ctx     context.Context
	cancel  context.CancelFunc

	mu      sync.RWMutex
	lanes   map[string]*lane
	stopped bool
}

// NewPlaza creates an empty plaza. Billing calls made by the lanes use a
// context derived from ctx.
func NewPlaza(ctx context.Context, name string, billing Billing, logf LogFunc) (*Plaza, error) {
	if billing == nil {
		return nil, fmt.Errorf("tollsensor: plaza %s: billing is required", name)
	}
	if logf == nil {
		logf = func(string, ...interface{}) {}
	}
	ctx, cancel := context.WithCancel(ctx)
	return &Plaza{
		name:    name,
		billing: billing,
		logf:    logf,
		ctx:     ctx,
		cancel:  cancel,
		lanes:   make(map[string]*lane),
	}, nil
}

func (p *Plaza) startLane(cfg LaneConfig) *lane {
	l := newLane(cfg, p.billing, p.logf)
	go l.run(p.ctx)
	return l
}

// OpenLane starts processing readings for a new lane.
func (p *Plaza) OpenLane(cfg LaneConfig) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return ErrStopped
	}
	if _, ok := p.lanes[cfg.ID]; ok {
		return fmt.Errorf("%w: %s", ErrLaneExists, cfg.ID)
	}
	p.lanes[cfg.ID] = p.startLane(cfg)
	p.logf("plaza %s: lane %s open (%s, tariff %s)", p.name, cfg.ID, cfg.Direction, cfg.Tariff.Name)
	return nil
}

// Retune applies a new tariff or sensor calibration to a running lane.
// Readings ingested after Retune returns are processed with the new
// configuration.
func (p *Plaza) Retune(cfg LaneConfig) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return ErrStopped
	}
	old, ok := p.lanes[cfg.ID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownLane, cfg.ID)
	}
	p.lanes[cfg.ID] = p.startLane(cfg)
	p.logf("plaza %s: lane %s retuned: tariff %s -> %s, weight offset %+.0fkg -> %+.0fkg",
		p.name, cfg.ID, old.cfg.Tariff.Name, cfg.Tariff.Name, old.cfg.WeightOffsetKg, cfg.WeightOffsetKg)
	return nil
}

// CloseLane stops a lane after the readings already queued are processed.
func (p *Plaza) CloseLane(id string) (LaneStats, error) {
	p.mu.Lock()
	l, ok := p.lanes[id]
	if !ok {
		p.mu.Unlock()
		return LaneStats{}, fmt.Errorf("%w: %s", ErrUnknownLane, id)
	}
	delete(p.lanes, id)
	close(l.in)
	p.mu.Unlock()

	<-l.done
	p.logf("plaza %s: lane %s closed", p.name, id)
	return l.stats(), nil
}

// Ingest hands a reading to its lane. It never blocks: a lane whose
// backlog is full rejects the reading.
func (p *Plaza) Ingest(r Reading) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.stopped {
		return ErrStopped
	}
	l, ok := p.lanes[r.Lane]
	if !ok {
		return fmt.Errorf("%w: %s (sensor %s)", ErrUnknownLane, r.Lane, r.SensorID)
	}
	select {
	case l.in <- r:
		return nil
	default:
		return fmt.Errorf("%w: lane %s", ErrLaneBacklogged, r.Lane)
	}
}

// Stats returns the counters of every open lane.
func (p *Plaza) Stats() map[string]LaneStats {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[string]LaneStats, len(p.lanes))
	for id, l := range p.lanes {
		out[id] = l.stats()
	}
	return out
}

// Stop closes every lane, waits for queued readings to be billed and
// then cancels outstanding billing calls.
func (p *Plaza) Stop() {
	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		return
	}
	p.stopped = true
	lanes := make([]*lane, 0, len(p.lanes))
	for _, l := range p.lanes {
		close(l.in)
		lanes = append(lanes, l)
	}
	p.mu.Unlock()

	for _, l := range lanes {
		<-l.done
	}
	p.cancel()
	p.logf("plaza %s: stopped, %d lanes drained", p.name, len(lanes))
}
