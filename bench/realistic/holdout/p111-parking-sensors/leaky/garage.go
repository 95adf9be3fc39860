// Package garage tracks the occupancy of parking bays from their sensors,
// keeps per-level counts for the entrance displays, and raises alerts when
// a level fills up or a sensor needs attention.
package garage

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Bay is a single parking space and the sensor currently installed in it.
type Bay struct {
	ID     string
	Level  string
	Serial string
}

// Reading is one report from a bay sensor.
type Reading struct {
	BayID    string
	Serial   string
	Occupied bool
	Battery  int // percent, 0 if the sensor does not report it
	At       time.Time
}

// Transition is recorded whenever a bay changes state.
type Transition struct {
	BayID    string
	Level    string
	Occupied bool
	At       time.Time
}

// EventStore persists bay transitions for billing and analytics.
type EventStore interface {
	RecordTransition(ctx context.Context, t Transition) error
}

// Errors returned by the Service.
var (
	ErrClosed       = errors.New("garage: service closed")
	ErrUnknownBay   = errors.New("unknown bay")
	ErrDuplicateBay = errors.New("bay already registered")
	ErrBacklog      = errors.New("sensor backlog full")
)

// Config tunes the service. Zero values select the defaults.
type Config struct {
	// Debounce is the number of consecutive agreeing readings needed
	// before a bay changes state. Default 3.
	Debounce int
	// NearFullPercent is the level occupancy that raises an alert.
	// Default 90.
	NearFullPercent int
	// LowBattery is the battery percentage at or below which a sensor is
	// reported for maintenance. Default 15.
	LowBattery int
	// QueueSize is the per-bay reading buffer. Default 16.
	QueueSize int
	// StoreTimeout bounds each call to the event store. Default 2s.
	StoreTimeout time.Duration
	Logger       *log.Logger
}

func (c *Config) defaults() {
	if c.Debounce <= 0 {
		c.Debounce = 3
	}
	if c.NearFullPercent <= 0 {
		c.NearFullPercent = 90
	}
	if c.LowBattery <= 0 {
		c.LowBattery = 15
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 16
	}
	if c.StoreTimeout <= 0 {
		c.StoreTimeout = 2 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
}

// Service tracks every bay in a garage.
type Service struct {
	cfg    Config
	events EventStore
	alerts *alerter

	mu     sync.RWMutex
	closed bool
	bays   map[string]*bayWorker

	stateMu  sync.Mutex
	occupied map[string]bool
	levels   map[string]*LevelStatus
}

// New returns a Service that records transitions in events and sends
// alerts to sink.
func New(events EventStore, sink AlertSink, cfg Config) *Service {
	cfg.defaults()
	return &Service{
		cfg:      cfg,
		events:   events,
		alerts:   newAlerter(sink, cfg.NearFullPercent, cfg.Logger),
		bays:     make(map[string]*bayWorker),
		occupied: make(map[string]bool),
		levels:   make(map[string]*LevelStatus),
	}
}

// RegisterBay starts tracking bay. New bays are assumed to be free.
func (s *Service) RegisterBay(bay Bay) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if _, ok := s.bays[bay.ID]; ok {
		return fmt.Errorf("register %s: %w", bay.ID, ErrDuplicateBay)
	}
	s.stateMu.Lock()
	lv := s.levels[bay.Level]
	if lv == nil {
		lv = &LevelStatus{Level: bay.Level}
		s.levels[bay.Level] = lv
	}
	lv.Capacity++
	s.stateMu.Unlock()

	s.bays[bay.ID] = s.startWorker(bay)
	return nil
}

// ReplaceSensor records that the sensor in bayID was swapped for the one
// with the given serial. The bay keeps its current state; the new sensor
// starts with a fresh debounce window.
func (s *Service) ReplaceSensor(bayID, serial string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	old, ok := s.bays[bayID]
	if !ok {
		return fmt.Errorf("replace sensor in %s: %w", bayID, ErrUnknownBay)
	}
	bay := old.bay
	bay.Serial = serial
	s.bays[bayID] = s.startWorker(bay)
	return nil
}

// Ingest queues a sensor reading for its bay. It never blocks: when the
// bay's queue is full the reading is rejected with ErrBacklog.
func (s *Service) Ingest(r Reading) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	w, ok := s.bays[r.BayID]
	if !ok {
		return fmt.Errorf("reading from %s: %w", r.BayID, ErrUnknownBay)
	}
	select {
	case w.in <- r:
		return nil
	default:
		return fmt.Errorf("reading from %s: %w", r.BayID, ErrBacklog)
	}
}

// LevelStatus is the occupancy of one level.
type LevelStatus struct {
	Level    string
	Capacity int
	Occupied int
}

// Free returns the number of free bays.
func (l LevelStatus) Free() int { return l.Capacity - l.Occupied }

// Occupancy returns the current status of level.
func (s *Service) Occupancy(level string) (LevelStatus, error) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	lv, ok := s.levels[level]
	if !ok {
		return LevelStatus{}, fmt.Errorf("level %q has no bays", level)
	}
	return *lv, nil
}

// Close stops all bay trackers after they have drained their queues, or
// returns when ctx is done.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	workers := make([]*bayWorker, 0, len(s.bays))
	for _, w := range s.bays {
		close(w.in)
		workers = append(workers, w)
	}
	s.mu.Unlock()

	for _, w := range workers {
		select {
		case <-w.done:
		case <-ctx.Done():
			return fmt.Errorf("garage: close: %w", ctx.Err())
		}
	}
	return nil
}
