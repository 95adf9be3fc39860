package interlock

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"
)

// Config configures an Interlocking.
type Config struct {
	Layout        Layout
	Detector      Detector
	Points        PointMachine
	Logger        *log.Logger
	ThrowTimeout  time.Duration
	ShutdownGrace time.Duration
}

type section struct {
	occupied bool
	route    string
}

type point struct {
	position     PointPosition
	lockedBy     string
	outOfService bool
}

// Interlocking keeps routes, points and signals consistent with each other
// and with train detection.
type Interlocking struct {
	cfg    Config
	routes map[string]RouteDef

	mu       sync.Mutex
	sections map[string]*section
	points   map[string]*point
	signals  map[string]Aspect
	active   map[string]bool

	cancel context.CancelFunc
	done   chan struct{}
}

// New builds an Interlocking with every signal at danger and every point
// lying normal.
func New(cfg Config) (*Interlocking, error) {
	if cfg.Detector == nil || cfg.Points == nil {
		return nil, errors.New("interlock: detector and point machine are required")
	}
	if err := cfg.Layout.validate(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	if cfg.ThrowTimeout <= 0 {
		cfg.ThrowTimeout = 6 * time.Second
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 2 * time.Second
	}
	ix := &Interlocking{
		cfg:      cfg,
		routes:   make(map[string]RouteDef),
		sections: make(map[string]*section),
		points:   make(map[string]*point),
		signals:  make(map[string]Aspect),
		active:   make(map[string]bool),
	}
	for _, r := range cfg.Layout.Routes {
		ix.routes[r.ID] = r
	}
	for _, s := range cfg.Layout.Sections {
		ix.sections[s] = &section{}
	}
	for _, p := range cfg.Layout.Points {
		ix.points[p] = &point{}
	}
	for _, s := range cfg.Layout.Signals {
		ix.signals[s] = Danger
	}
	return ix, nil
}

// Start subscribes to train detection and begins tracking occupancy.
func (ix *Interlocking) Start(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	events, err := ix.cfg.Detector.Subscribe(ctx)
	if err != nil {
		cancel()
		return err
	}
	ix.cancel = cancel
	ix.done = make(chan struct{})
	go ix.watch(ctx, events)
	return nil
}

// Close stops tracking occupancy and waits briefly for the watcher to exit.
func (ix *Interlocking) Close() error {
	if ix.cancel == nil {
		return ErrNotStarted
	}
	ix.cancel()
	t := time.NewTimer(ix.cfg.ShutdownGrace)
	defer t.Stop()
	select {
	case <-ix.done:
		return nil
	case <-t.C:
		ix.cfg.Logger.Printf("interlock: occupancy watcher did not stop within %s", ix.cfg.ShutdownGrace)
		return nil
	}
}

// SetOutOfService marks a point as clipped and padlocked for maintenance.
func (ix *Interlocking) SetOutOfService(name string, oos bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if p, ok := ix.points[name]; ok {
		p.outOfService = oos
	}
}

// Aspect returns what the given signal is showing.
func (ix *Interlocking) Aspect(signal string) Aspect {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.signals[signal]
}

func (ix *Interlocking) watch(ctx context.Context, events <-chan OccupancyEvent) {
	defer close(ix.done)
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			ix.applyOccupancy(ev)
		}
	}
}

func (ix *Interlocking) applyOccupancy(ev OccupancyEvent) {
	ix.mu.Lock()
	defer ix.mu.Unlock()

	s, ok := ix.sections[ev.Section]
	if !ok {
		ix.cfg.Logger.Printf("interlock: occupancy for unknown section %s", ev.Section)
		return
	}
	s.occupied = ev.Occupied
	if s.route == "" {
		return
	}
	def := ix.routes[s.route]
	if ev.Occupied {
		if ix.signals[def.Entry] != Danger {
			ix.signals[def.Entry] = Danger
			ix.cfg.Logger.Printf("interlock: %s replaced to danger, train entered %s", def.Entry, ev.Section)
		}
		return
	}
	s.route = ""
	for _, name := range def.Sections {
		if ix.sections[name].route == def.ID {
			return
		}
	}
	ix.releaseLocked(def)
	ix.cfg.Logger.Printf("interlock: route %s released by train", def.ID)
}
