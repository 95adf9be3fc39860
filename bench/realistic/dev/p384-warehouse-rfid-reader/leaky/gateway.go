// Package rfidgw is the gateway between the RFID antennas mounted on the
// dock doors of a warehouse and its warehouse-management system (WMS). It
// reads tag events from the antennas, debounces the bursts of duplicate
// reads every pallet produces, groups the tags seen at a door into a
// shipment and posts the shipment once the door has gone quiet.
package rfidgw

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrUnknownAntenna is returned for reads from an antenna not mapped to a
// dock door.
var ErrUnknownAntenna = errors.New("rfidgw: antenna not assigned to a door")

// TagRead is one read of a tag by an antenna.
type TagRead struct {
	EPC       string // electronic product code of the tag
	AntennaID string
	RSSI      float64 // dBm
	At        time.Time
}

// Antenna delivers tag reads, typically over LLRP.
type Antenna interface {
	ID() string
	// Read blocks until the next tag read, an error, or ctx being done.
	Read(ctx context.Context) (TagRead, error)
}

// Shipment is the set of tags that passed one dock door in one loading.
type Shipment struct {
	ID        string
	Door      string
	EPCs      []string
	FirstSeen time.Time
	LastSeen  time.Time
}

// ShipmentAPI is the WMS endpoint that receives shipments.
type ShipmentAPI interface {
	PostShipment(ctx context.Context, s Shipment) error
}

// Clock tells the time. It is replaced in tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Config describes the dock layout and timing. Zero durations take the
// defaults shown.
type Config struct {
	Doors          map[string]string // antenna ID -> dock door
	DebounceWindow time.Duration     // repeated reads of a tag within this are ignored, 2s
	SettleAfter    time.Duration     // a door with no new tags for this long is done, 30s
	MinRSSI        float64           // weaker reads are cross-reads from other doors, -70 dBm
	PostTimeout    time.Duration     // for posting one round of shipments, 15s
	FlushInterval  time.Duration     // how often Run posts settled shipments, 5s
	ReconnectDelay time.Duration     // after an antenna error, 1s
}

// Option configures a Gateway.
type Option func(*Gateway)

// WithClock sets the clock.
func WithClock(c Clock) Option { return func(g *Gateway) { g.clock = c } }

// WithLogf routes diagnostic messages to logf.
func WithLogf(logf func(format string, args ...interface{})) Option {
	return func(g *Gateway) { g.logf = logf }
}

// Gateway turns tag reads into shipments.
type Gateway struct {
	api   ShipmentAPI
	cfg   Config
	clock Clock
	logf  func(format string, args ...interface{})

	mu       sync.Mutex
	lastSeen map[string]time.Time // EPC -> last accepted read
	open     map[string]*loading  // door -> shipment being loaded
	seq      int
	posted   int
}

// New returns a Gateway posting shipments to api.
func New(api ShipmentAPI, cfg Config, opts ...Option) (*Gateway, error) {
	if len(cfg.Doors) == 0 {
		return nil, errors.New("rfidgw: no doors configured")
	}
	if cfg.DebounceWindow <= 0 {
		cfg.DebounceWindow = 2 * time.Second
	}
	if cfg.SettleAfter <= 0 {
		cfg.SettleAfter = 30 * time.Second
	}
	if cfg.MinRSSI == 0 {
		cfg.MinRSSI = -70
	}
	if cfg.PostTimeout <= 0 {
		cfg.PostTimeout = 15 * time.Second
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = 5 * time.Second
	}
	if cfg.ReconnectDelay <= 0 {
		cfg.ReconnectDelay = time.Second
	}
	g := &Gateway{
		api:      api,
		cfg:      cfg,
		clock:    systemClock{},
		logf:     log.Printf,
		lastSeen: make(map[string]time.Time),
		open:     make(map[string]*loading),
	}
	for _, o := range opts {
		o(g)
	}
	return g, nil
}

// Observe records one tag read. Weak reads and repeats of a tag within the
// debounce window are ignored.
func (g *Gateway) Observe(r TagRead) error {
	door, ok := g.cfg.Doors[r.AntennaID]
	if !ok {
		return fmt.Errorf("read of %s from %q: %w", r.EPC, r.AntennaID, ErrUnknownAntenna)
	}
	if r.RSSI < g.cfg.MinRSSI {
		return nil
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	last, seen := g.lastSeen[r.EPC]
	g.lastSeen[r.EPC] = r.At
	if seen && r.At.Sub(last) < g.cfg.DebounceWindow {
		return nil
	}
	l := g.open[door]
	if l == nil {
		g.seq++
		l = newLoading(fmt.Sprintf("%s-%06d", door, g.seq), r.At)
		g.open[door] = l
	}
	l.add(r.EPC, r.At)
	return nil
}

// Run reads from the antennas and posts settled shipments every
// FlushInterval until ctx is done.
func (g *Gateway) Run(ctx context.Context, antennas ...Antenna) error {
	var wg sync.WaitGroup
	for _, a := range antennas {
		wg.Add(1)
		go func(a Antenna) {
			defer wg.Done()
			g.readLoop(ctx, a)
		}(a)
	}
	defer wg.Wait()

	ticker := time.NewTicker(g.cfg.FlushInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			if err := g.FlushSettled(ctx); err != nil {
				g.logf("rfidgw: %v", err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// readLoop feeds the reads of one antenna to Observe, reconnecting after
// errors, until ctx is done.
func (g *Gateway) readLoop(ctx context.Context, a Antenna) {
	for {
		r, err := a.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			g.logf("rfidgw: antenna %s: %v", a.ID(), err)
			t := time.NewTimer(g.cfg.ReconnectDelay)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return
			}
			continue
		}
		if r.AntennaID == "" {
			r.AntennaID = a.ID()
		}
		if err := g.Observe(r); err != nil {
			g.logf("rfidgw: %v", err)
		}
	}
}
