// Package surge computes per-zone surge multipliers from live rider demand
// and driver supply, and publishes them to downstream pricing consumers.
//
// Demand signals are routed to a per-zone aggregator that keeps a sliding
// window of counts. Publish takes a consistent snapshot of every active zone
// and hands it to a Publisher (typically a message bus or a config store
// that the fare service reads from).
package surge

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// EventKind classifies a demand or supply signal.
type EventKind int

const (
	// RideRequested is emitted when a rider asks for a quote or a ride.
	RideRequested EventKind = iota + 1
	// DriverAvailable is emitted when an idle driver pings from the zone.
	DriverAvailable
	// DriverBusy is emitted when a driver in the zone accepts a trip.
	DriverBusy
)

// DemandEvent is a single signal observed in a zone.
type DemandEvent struct {
	Zone string
	Kind EventKind
	At   time.Time
}

// Snapshot is the set of multipliers computed at a point in time.
type Snapshot struct {
	At          time.Time
	Multipliers map[string]float64
}

// Zones returns the zone identifiers in the snapshot in sorted order.
func (s Snapshot) Zones() []string {
	ids := make([]string, 0, len(s.Multipliers))
	for id := range s.Multipliers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Publisher delivers snapshots to consumers.
type Publisher interface {
	Publish(ctx context.Context, snap Snapshot) error
}

// Clock abstracts time so that windows can be driven in tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Config configures a Pricer.
type Config struct {
	// Zones is the initial set of zones to price.
	Zones []ZoneConfig
	// Window is the length of history considered for each multiplier.
	// Defaults to five minutes.
	Window time.Duration
	// Buckets is the number of buckets the window is divided into.
	// Defaults to ten.
	Buckets int
	// QueueSize is the per-zone event buffer. Defaults to 256.
	QueueSize int
	// Publisher receives every snapshot. Required.
	Publisher Publisher
	// Clock defaults to the system clock.
	Clock Clock
}

// Errors returned by the Pricer.
var (
	ErrUnknownZone = errors.New("surge: unknown zone")
	ErrClosed      = errors.New("surge: pricer closed")
)

// Pricer aggregates demand per zone and publishes surge multipliers.
type Pricer struct {
	cfg Config

	mu     sync.RWMutex
	zones  map[string]*zone
	closed bool
}

// New validates cfg and starts an aggregator for every configured zone.
func New(cfg Config) (*Pricer, error) {
	if cfg.Publisher == nil {
		return nil, errors.New("surge: publisher is required")
	}
	if cfg.Window <= 0 {
		cfg.Window = 5 * time.Minute
	}
	if cfg.Buckets <= 0 {
		cfg.Buckets = 10
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 256
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	want, err := indexZones(cfg.Zones)
	if err != nil {
		return nil, err
	}
	p := &Pricer{cfg: cfg, zones: make(map[string]*zone, len(want))}
	for id, zc := range want {
		p.zones[id] = p.startZone(zc)
	}
	return p, nil
}

func indexZones(cfgs []ZoneConfig) (map[string]ZoneConfig, error) {
	out := make(map[string]ZoneConfig, len(cfgs))
	for _, zc := range cfgs {
		zc = zc.withDefaults()
		if err := zc.validate(); err != nil {
			return nil, fmt.Errorf("surge: zone %q: %w", zc.ID, err)
		}
		if _, dup := out[zc.ID]; dup {
			return nil, fmt.Errorf("surge: zone %q configured twice", zc.ID)
		}
		out[zc.ID] = zc
	}
	return out, nil
}

func (p *Pricer) startZone(zc ZoneConfig) *zone {
	z := newZone(zc, p.cfg.Window, p.cfg.Buckets, p.cfg.QueueSize)
	go z.run()
	return z
}

// Record routes ev to its zone's aggregator. It blocks while the zone's
// queue is full, until ctx is done.
func (p *Pricer) Record(ctx context.Context, ev DemandEvent) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return ErrClosed
	}
	z, ok := p.zones[ev.Zone]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownZone, ev.Zone)
	}
	select {
	case z.events <- ev:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("surge: record %s: %w", ev.Zone, ctx.Err())
	}
}

// Publish computes the current multiplier of every zone and hands the
// snapshot to the configured Publisher.
func (p *Pricer) Publish(ctx context.Context) (Snapshot, error) {
	now := p.cfg.Clock.Now()
	p.mu.RLock()
	if p.closed {
		p.mu.RUnlock()
		return Snapshot{}, ErrClosed
	}
	mults := make(map[string]float64, len(p.zones))
	for id, z := range p.zones {
		mults[id] = z.multiplier(now)
	}
	p.mu.RUnlock()

	snap := Snapshot{At: now, Multipliers: mults}
	if err := p.cfg.Publisher.Publish(ctx, snap); err != nil {
		return snap, fmt.Errorf("surge: publish %d zones: %w", len(mults), err)
	}
	return snap, nil
}

// UpdateZones reconciles the running zones with cfgs. New zones start with
// an empty window, zones missing from cfgs stop being priced, and zones
// whose limits changed keep the demand they have accumulated so far.
func (p *Pricer) UpdateZones(cfgs []ZoneConfig) error {
	want, err := indexZones(cfgs)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	for id, z := range p.zones {
		if _, keep := want[id]; !keep {
			delete(p.zones, id)
			z.stop()
		}
	}
	for id, zc := range want {
		if z, ok := p.zones[id]; ok {
			z.setLimits(zc)
			continue
		}
		p.zones[id] = p.startZone(zc)
	}
	return nil
}

// Close stops every zone aggregator. Events already queued are applied
// before Close returns.
func (p *Pricer) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	zones := make([]*zone, 0, len(p.zones))
	for _, z := range p.zones {
		zones = append(zones, z)
	}
	p.mu.Unlock()

	for _, z := range zones {
		z.stop()
	}
	return nil
}
