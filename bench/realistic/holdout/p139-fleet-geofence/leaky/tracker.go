// Package geofence consumes GPS pings from a vehicle fleet and tells dispatch
// when a vehicle enters one of its geofences (depots, customer sites, restricted
// zones).
//
// Pings for each vehicle are handled in order on a dedicated lane, so a slow
// notification for one truck never delays detection for the rest of the fleet.
package geofence

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Ping is one GPS fix reported by a vehicle.
type Ping struct {
	VehicleID string
	Position  Point
	At        time.Time
}

// Entry is reported when a vehicle moves from outside a fence to inside it.
type Entry struct {
	VehicleID string
	FenceID   string
	Position  Point
	At        time.Time
}

// Source yields pings, typically from a message queue consumer. Next blocks
// until a ping is available and returns io.EOF once the stream has ended.
type Source interface {
	Next(ctx context.Context) (Ping, error)
}

// Dispatcher is notified of geofence entries.
type Dispatcher interface {
	NotifyEntry(ctx context.Context, e Entry) error
}

// Config configures a Tracker.
type Config struct {
	Source     Source
	Dispatcher Dispatcher
	// Fences applies to every vehicle without an explicit assignment.
	Fences []Fence
	// LaneBuffer is the number of pings queued per vehicle. Default 16.
	LaneBuffer int
	// MaxPingAge drops pings older than this on arrival; zero disables it.
	MaxPingAge time.Duration
	// Now returns the current time. Defaults to time.Now.
	Now func() time.Time
	// OnError receives notification failures. Defaults to discarding them.
	OnError func(error)
}

// Tracker detects geofence entries. Create one with New and call Run.
type Tracker struct {
	cfg Config

	mu       sync.Mutex
	assigned map[string][]Fence // per-vehicle fence overrides
	gens     map[string]uint64  // bumped on every Assign

	lanes map[string]*lane // owned by the Run goroutine
}

// New validates cfg and returns a Tracker.
func New(cfg Config) (*Tracker, error) {
	if cfg.Source == nil || cfg.Dispatcher == nil {
		return nil, errors.New("geofence: Source and Dispatcher are required")
	}
	if cfg.LaneBuffer <= 0 {
		cfg.LaneBuffer = 16
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OnError == nil {
		cfg.OnError = func(error) {}
	}
	return &Tracker{
		cfg:      cfg,
		assigned: make(map[string][]Fence),
		gens:     make(map[string]uint64),
		lanes:    make(map[string]*lane),
	}, nil
}

// Assign replaces the fences watched for one vehicle, for example when it is
// moved to another depot. Containment state is reset, so a vehicle already
// inside one of the new fences is reported on its next ping. Assign may be
// called concurrently with Run.
func (t *Tracker) Assign(vehicleID string, fences []Fence) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.assigned[vehicleID] = append([]Fence(nil), fences...)
	t.gens[vehicleID]++
}

func (t *Tracker) fencesFor(vehicleID string) ([]Fence, uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if fs, ok := t.assigned[vehicleID]; ok {
		return fs, t.gens[vehicleID]
	}
	return t.cfg.Fences, 0
}

// Run consumes pings until the source is exhausted or ctx is canceled. Before
// returning it lets every lane finish the pings it has already accepted.
func (t *Tracker) Run(ctx context.Context) error {
	defer t.drain()
	for {
		p, err := t.cfg.Source.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("geofence: next ping: %w", err)
		}
		if p.VehicleID == "" {
			continue
		}
		if t.cfg.MaxPingAge > 0 && t.cfg.Now().Sub(p.At) > t.cfg.MaxPingAge {
			continue
		}

		l := t.laneFor(ctx, p.VehicleID)
		select {
		case l.in <- p:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// laneFor returns the lane for a vehicle, starting one on its first ping or
// after its fences have been reassigned.
func (t *Tracker) laneFor(ctx context.Context, vehicleID string) *lane {
	fences, gen := t.fencesFor(vehicleID)
	if l, ok := t.lanes[vehicleID]; ok && l.gen == gen {
		return l
	}
	l := &lane{
		t:       t,
		vehicle: vehicleID,
		fences:  fences,
		gen:     gen,
		in:      make(chan Ping, t.cfg.LaneBuffer),
		done:    make(chan struct{}),
	}
	t.lanes[vehicleID] = l
	go l.run(ctx)
	return l
}

// drain closes every lane and waits for them to finish.
func (t *Tracker) drain() {
	for _, l := range t.lanes {
		close(l.in)
	}
	for id, l := range t.lanes {
		<-l.done
		delete(t.lanes, id)
	}
}
