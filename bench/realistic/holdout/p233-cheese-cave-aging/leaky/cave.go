// Package cave supervises a cheese aging cave: wheels are registered on
// shelves, flipped by robotic turners on a fixed cadence, and turning is held
// while the cave climate drifts outside the band configured for the rinds.
package cave

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

// Reading is one sample from the cave's climate probe.
type Reading struct {
	At          time.Time
	TempC       float64
	HumidityPct float64
}

// Sensor reads the cave climate.
type Sensor interface {
	Read(ctx context.Context) (Reading, error)
}

// Turner flips a single wheel on its shelf.
type Turner interface {
	Turn(ctx context.Context, shelf int, wheelID string) error
}

// Wheel is a cheese wheel aging in the cave.
type Wheel struct {
	ID         string
	Variety    string
	Shelf      int
	Placed     time.Time
	LastTurned time.Time
	Turns      int
}

// Config describes one cave and its turning crew.
type Config struct {
	Name              string
	Turners           int
	TurnEvery         time.Duration
	TurnTimeout       time.Duration
	PollInterval      time.Duration
	MinHumidity       float64
	MaxHumidity       float64
	MinTempC          float64
	MaxTempC          float64
	MaxSensorFailures int
	MaxTurnAttempts   int
	Logger            *log.Logger
	Now               func() time.Time
}

func (c *Config) setDefaults() {
	if c.Turners == 0 {
		c.Turners = 1
	}
	if c.TurnEvery == 0 {
		c.TurnEvery = 48 * time.Hour
	}
	if c.TurnTimeout == 0 {
		c.TurnTimeout = 30 * time.Second
	}
	if c.PollInterval == 0 {
		c.PollInterval = time.Minute
	}
	if c.MaxSensorFailures == 0 {
		c.MaxSensorFailures = 3
	}
	if c.MaxTurnAttempts == 0 {
		c.MaxTurnAttempts = 3
	}
	if c.Logger == nil {
		c.Logger = log.New(os.Stderr, "cave: ", log.LstdFlags)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

func (c Config) validate() error {
	switch {
	case c.Name == "":
		return errors.New("name is required")
	case c.Turners < 0:
		return fmt.Errorf("turners must be positive, got %d", c.Turners)
	case c.MinHumidity >= c.MaxHumidity:
		return fmt.Errorf("humidity band %.1f-%.1f is empty", c.MinHumidity, c.MaxHumidity)
	case c.MinTempC >= c.MaxTempC:
		return fmt.Errorf("temperature band %.1f-%.1f is empty", c.MinTempC, c.MaxTempC)
	}
	return nil
}

// Status is a snapshot of the cave for the dashboard.
type Status struct {
	Wheels      int
	Pending     int
	Paused      bool
	PauseReason string
	Last        Reading
	Alarms      int
	TurnErrors  int
}

// Cave supervises one aging room.
type Cave struct {
	cfg    Config
	sensor Sensor
	turner Turner
	log    *log.Logger
	queue  *turnQueue

	ctx    context.Context
	cancel context.CancelFunc

	mu             sync.Mutex
	wheels         map[string]*Wheel
	pending        map[string]bool
	attempts       map[string]int
	last           Reading
	sensorFailures int
	alarms         int
	turnErrors     int
}

// New builds a cave supervisor and starts its turning crew.
func New(cfg Config, sensor Sensor, turner Turner) (*Cave, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("cave %q: %w", cfg.Name, err)
	}
	if sensor == nil || turner == nil {
		return nil, errors.New("cave: sensor and turner are required")
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Cave{
		cfg:      cfg,
		sensor:   sensor,
		turner:   turner,
		log:      cfg.Logger,
		queue:    newTurnQueue(),
		ctx:      ctx,
		cancel:   cancel,
		wheels:   make(map[string]*Wheel),
		pending:  make(map[string]bool),
		attempts: make(map[string]int),
	}
	for i := 0; i < cfg.Turners; i++ {
		go c.turnLoop(i)
	}
	return c, nil
}

// Place registers a wheel on a shelf. A wheel without a turn history is
// considered last turned when it was placed.
func (c *Cave) Place(w Wheel) error {
	if w.ID == "" {
		return errors.New("cave: wheel id is required")
	}
	if w.Placed.IsZero() {
		w.Placed = c.cfg.Now()
	}
	if w.LastTurned.IsZero() {
		w.LastTurned = w.Placed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.wheels[w.ID]; ok {
		return fmt.Errorf("cave %s: wheel %s already placed", c.cfg.Name, w.ID)
	}
	c.wheels[w.ID] = &w
	return nil
}

// Remove takes a wheel out of the cave, for sale or transfer.
func (c *Cave) Remove(id string) (Wheel, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w, ok := c.wheels[id]
	if !ok {
		return Wheel{}, fmt.Errorf("cave %s: no wheel %s", c.cfg.Name, id)
	}
	delete(c.wheels, id)
	delete(c.attempts, id)
	return *w, nil
}

// Status reports the current state of the cave.
func (c *Cave) Status() Status {
	paused, reason := c.queue.state()
	c.mu.Lock()
	defer c.mu.Unlock()
	return Status{
		Wheels:      len(c.wheels),
		Pending:     len(c.pending),
		Paused:      paused,
		PauseReason: reason,
		Last:        c.last,
		Alarms:      c.alarms,
		TurnErrors:  c.turnErrors,
	}
}

// Close stops the turning crew. Turns already on the arm are cancelled.
func (c *Cave) Close() {
	c.queue.close()
	c.cancel()
	c.log.Printf("cave %s: supervisor closed", c.cfg.Name)
}
