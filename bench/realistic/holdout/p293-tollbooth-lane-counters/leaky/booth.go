package lanecount

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config configures a Plaza.
type Config struct {
	Name        string
	ReadTimeout time.Duration
	Logger      *log.Logger
	Now         func() time.Time
}

func (c *Config) setDefaults() {
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 2 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Plaza reads the counters of all open lanes of a toll plaza and turns the
// cumulative device counters into per-interval counts.
type Plaza struct {
	cfg   Config
	lanes []Lane

	mu   sync.Mutex
	last map[string]DeviceCounters
}

// NewPlaza validates the lane set and returns a Plaza.
func NewPlaza(cfg Config, lanes ...Lane) (*Plaza, error) {
	cfg.setDefaults()
	if cfg.Name == "" {
		return nil, fmt.Errorf("lanecount: plaza name is required")
	}
	seen := make(map[string]bool, len(lanes))
	for _, l := range lanes {
		if l.ID == "" {
			return nil, fmt.Errorf("lanecount: lane without id")
		}
		if seen[l.ID] {
			return nil, fmt.Errorf("lanecount: duplicate lane %q", l.ID)
		}
		if l.Device == nil && !l.Closed {
			return nil, fmt.Errorf("lanecount: lane %q has no device", l.ID)
		}
		seen[l.ID] = true
	}
	sorted := append([]Lane(nil), lanes...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	return &Plaza{
		cfg:   cfg,
		lanes: sorted,
		last:  make(map[string]DeviceCounters),
	}, nil
}

type laneRead struct {
	lane     Lane
	counters DeviceCounters
	err      error
}

func (p *Plaza) readLane(ctx context.Context, lane Lane) <-chan laneRead {
	out := make(chan laneRead)
	go func() {
		ctx, cancel := context.WithTimeout(ctx, p.cfg.ReadTimeout)
		defer cancel()
		start := time.Now()
		dc, err := lane.Device.Counts(ctx)
		if err != nil {
			err = fmt.Errorf("lane %s: %w", lane.ID, err)
		} else {
			p.cfg.Logger.Printf("lane %s read in %s (boot %s)", lane.ID, time.Since(start), dc.BootID)
		}
		out <- laneRead{lane: lane, counters: dc, err: err} // leak: nobody receives once Snapshot has returned on an earlier lane error
	}()
	return out
}

// Snapshot reads every open lane concurrently and returns the vehicles
// counted since the previous successful snapshot. A snapshot is all or
// nothing: if one lane cannot be read, no baseline is advanced so the next
// pass still covers the whole interval.
func (p *Plaza) Snapshot(ctx context.Context) (Snapshot, error) {
	pending := make([]<-chan laneRead, 0, len(p.lanes))
	for _, l := range p.lanes {
		if l.Closed {
			continue
		}
		pending = append(pending, p.readLane(ctx, l))
	}

	reads := make([]laneRead, 0, len(pending))
	for _, ch := range pending {
		r := <-ch
		if r.err != nil {
			return Snapshot{}, r.err
		}
		reads = append(reads, r)
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	snap := Snapshot{Plaza: p.cfg.Name, Taken: p.cfg.Now()}
	next := make(map[string]DeviceCounters, len(reads))
	for _, r := range reads {
		lc, err := delta(r.lane, p.last[r.lane.ID], r.counters)
		if err != nil {
			return Snapshot{}, err
		}
		next[r.lane.ID] = r.counters
		snap.Lanes = append(snap.Lanes, lc)
	}
	for id, dc := range next {
		p.last[id] = dc
	}
	return snap, nil
}

func delta(lane Lane, prev, cur DeviceCounters) (LaneCounts, error) {
	lc := LaneCounts{
		Lane:      lane.ID,
		Direction: lane.Direction,
		ByClass:   make(map[VehicleClass]int, len(cur.Classes)),
	}
	if prev.BootID != cur.BootID {
		// First read, or the controller rebooted and restarted from zero.
		for c, n := range cur.Classes {
			lc.ByClass[c] = int(n)
		}
		lc.Violations = int(cur.Violations)
		return lc, nil
	}
	for c, n := range cur.Classes {
		before := prev.Classes[c]
		if n < before {
			return LaneCounts{}, fmt.Errorf("lane %s %s: %d < %d: %w", lane.ID, c, n, before, ErrCounterRegression)
		}
		if n > before {
			lc.ByClass[c] = int(n - before)
		}
	}
	if cur.Violations < prev.Violations {
		return LaneCounts{}, fmt.Errorf("lane %s violations: %w", lane.ID, ErrCounterRegression)
	}
	lc.Violations = int(cur.Violations - prev.Violations)
	return lc, nil
}
