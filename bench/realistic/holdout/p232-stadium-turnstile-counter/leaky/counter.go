package turnstile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config configures a Counter.
type Config struct {
	// Capacity maps each stand to its licensed capacity.
	Capacity map[string]int
	// PollTimeout bounds one poll; gates that have not answered by then are
	// reported stale and their last reading is used.
	PollTimeout time.Duration
	// AlertRatio is the fill level at which stewards are alerted.
	AlertRatio float64
	Logger     *log.Logger
}

// Counter keeps the live occupancy of a stadium from its turnstiles.
type Counter struct {
	cfg      Config
	registry Registry
	reader   Reader
	alerter  Alerter

	mu      sync.Mutex
	last    map[string]Reading
	alerted map[string]bool
}

// New returns a Counter. alerter may be nil.
func New(registry Registry, reader Reader, alerter Alerter, cfg Config) (*Counter, error) {
	if registry == nil || reader == nil {
		return nil, errors.New("turnstile: registry and reader are required")
	}
	if len(cfg.Capacity) == 0 {
		return nil, errors.New("turnstile: no stand capacities configured")
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 3 * time.Second
	}
	if cfg.AlertRatio <= 0 || cfg.AlertRatio > 1 {
		cfg.AlertRatio = 0.95
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Counter{
		cfg:      cfg,
		registry: registry,
		reader:   reader,
		alerter:  alerter,
		last:     make(map[string]Reading),
		alerted:  make(map[string]bool),
	}, nil
}

// Poll reads every gate that is not under maintenance and returns the
// occupancy per stand.
func (c *Counter) Poll(ctx context.Context) (Snapshot, error) {
	gates, err := c.registry.Gates(ctx)
	if err != nil {
		return Snapshot{}, fmt.Errorf("turnstile: listing gates: %w", err)
	}
	if len(gates) == 0 {
		return Snapshot{}, ErrNoGates
	}

	ctx, cancel := context.WithTimeout(ctx, c.cfg.PollTimeout)
	defer cancel()

	fan := newFanout(len(gates))
	pending := make(map[string]Gate, len(gates))
	for _, g := range gates {
		if g.Status == StatusMaintenance {
			c.cfg.Logger.Printf("gate %s (%s) under maintenance, using last reading", g.ID, g.Stand)
			continue
		}
		pending[g.ID] = g
		fan.launch(ctx, g, c.reader)
	}
	fan.closeWhenDone()

	snap := Snapshot{At: time.Now(), Errors: make(map[string]error)}
collect:
	for {
		select {
		case res, ok := <-fan.results():
			if !ok {
				break collect
			}
			delete(pending, res.gate.ID)
			if res.err != nil {
				snap.Errors[res.gate.ID] = res.err
				continue
			}
			c.store(res.reading)
		case <-ctx.Done():
			break collect
		}
	}
	for id := range pending {
		snap.Stale = append(snap.Stale, id)
	}
	sort.Strings(snap.Stale)

	c.tally(gates, &snap)
	return snap, nil
}

// Run polls every interval and hands each snapshot to publish until ctx is
// cancelled.
func (c *Counter) Run(ctx context.Context, interval time.Duration, publish func(Snapshot)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		snap, err := c.Poll(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			c.cfg.Logger.Printf("poll failed: %v", err)
			continue
		}
		publish(snap)
	}
}

func (c *Counter) store(r Reading) {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev, ok := c.last[r.Gate]
	if ok && (r.Entries < prev.Entries || r.Exits < prev.Exits) {
		c.cfg.Logger.Printf("gate %s: counter went backwards (%d/%d -> %d/%d), keeping last reading",
			r.Gate, prev.Entries, prev.Exits, r.Entries, r.Exits)
		return
	}
	c.last[r.Gate] = r
}

func (c *Counter) tally(gates []Gate, snap *Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	snap.Stands = make(map[string]StandCount, len(c.cfg.Capacity))
	for stand, capacity := range c.cfg.Capacity {
		snap.Stands[stand] = StandCount{Stand: stand, Capacity: capacity}
	}
	for _, g := range gates {
		r, ok := c.last[g.ID]
		if !ok {
			continue
		}
		sc := snap.Stands[g.Stand]
		sc.Stand = g.Stand
		sc.Entries += r.Entries
		sc.Exits += r.Exits
		snap.Stands[g.Stand] = sc
	}
	for stand, sc := range snap.Stands {
		sc.Occupancy = int(sc.Entries - sc.Exits)
		if sc.Occupancy < 0 {
			sc.Occupancy = 0
		}
		snap.Stands[stand] = sc
		snap.Total += sc.Occupancy

		full := sc.Capacity > 0 && float64(sc.Occupancy) >= c.cfg.AlertRatio*float64(sc.Capacity)
		if full && !c.alerted[stand] && c.alerter != nil {
			c.alerter.NearCapacity(stand, sc.Occupancy, sc.Capacity)
		}
		c.alerted[stand] = full
	}
}
