// Package cave drives the turning robot of a cheese aging cave.
package cave

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrShelfJammed is returned by an Arm that cannot move along a shelf.
var ErrShelfJammed = errors.New("cave: shelf jammed")

// Arm is the turning robot: it lifts a wheel, flips it and sets it back.
type Arm interface {
	Turn(ctx context.Context, shelf, slot int) error
}

// Clock tells the cave the time; the aging schedule is driven by it.
type Clock interface {
	Now() time.Time
}

// Alerter pages the affineur on duty.
type Alerter interface {
	Alert(ctx context.Context, msg string)
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

type logAlerter struct{ l *log.Logger }

func (a logAlerter) Alert(_ context.Context, msg string) { a.l.Printf("ALERT: %s", msg) }

// Config configures a Cave.
type Config struct {
	Name          string
	Shelves       int
	SlotsPerShelf int
	// CheckEvery is how often the cave looks for wheels due a turn.
	CheckEvery time.Duration
	// MaxPerRound caps the wheels turned per check; zero means no cap.
	MaxPerRound int
	Clock       Clock
	Alerter     Alerter
	Logger      *log.Logger
}

// Cave holds the wheels on the shelves and runs the turning schedule.
type Cave struct {
	cfg   Config
	arm   Arm
	clock Clock
	alert Alerter
	log   *log.Logger

	mu     sync.Mutex
	wheels map[string]*Wheel
	slots  map[slotKey]string
	jammed map[int]bool

	startOnce sync.Once
	stopOnce  sync.Once
	stop      chan struct{}
	done      chan struct{}
}

// New returns a cave turned by arm.
func New(arm Arm, cfg Config) (*Cave, error) {
	if arm == nil {
		return nil, errors.New("cave: no turning arm")
	}
	if cfg.Shelves <= 0 || cfg.SlotsPerShelf <= 0 {
		return nil, fmt.Errorf("cave: invalid layout %dx%d", cfg.Shelves, cfg.SlotsPerShelf)
	}
	if cfg.CheckEvery <= 0 {
		cfg.CheckEvery = time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	c := &Cave{
		cfg:    cfg,
		arm:    arm,
		clock:  cfg.Clock,
		alert:  cfg.Alerter,
		log:    cfg.Logger,
		wheels: make(map[string]*Wheel),
		slots:  make(map[slotKey]string),
		jammed: make(map[int]bool),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	if c.clock == nil {
		c.clock = wallClock{}
	}
	if c.alert == nil {
		c.alert = logAlerter{c.log}
	}
	return c, nil
}

// Add places a wheel on the shelves.
func (c *Cave) Add(w Wheel) error {
	if err := w.validate(c.cfg.Shelves, c.cfg.SlotsPerShelf); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.wheels[w.ID]; ok {
		return fmt.Errorf("cave: wheel %s already in %s", w.ID, c.cfg.Name)
	}
	k := slotKey{w.Shelf, w.Slot}
	if other, ok := c.slots[k]; ok {
		return fmt.Errorf("cave: shelf %d slot %d holds %s", w.Shelf, w.Slot, other)
	}
	c.wheels[w.ID] = &w
	c.slots[k] = w.ID
	return nil
}

// Remove takes a wheel out of the cave, for sale or for grading.
func (c *Cave) Remove(id string) (Wheel, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w, ok := c.wheels[id]
	if !ok {
		return Wheel{}, fmt.Errorf("cave: no wheel %s", id)
	}
	delete(c.wheels, id)
	delete(c.slots, slotKey{w.Shelf, w.Slot})
	return *w, nil
}

// Get returns a copy of a wheel's record.
func (c *Cave) Get(id string) (Wheel, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w, ok := c.wheels[id]
	if !ok {
		return Wheel{}, false
	}
	return *w, true
}

// ClearJam marks a shelf as serviceable again.
func (c *Cave) ClearJam(shelf int) {
	c.mu.Lock()
	delete(c.jammed, shelf)
	c.mu.Unlock()
}

// Start begins the turning schedule. It returns immediately.
func (c *Cave) Start(ctx context.Context) {
	c.startOnce.Do(func() {
		go c.run(ctx)
	})
}

// Stop ends the turning schedule and waits for the arm to park.
func (c *Cave) Stop(ctx context.Context) error {
	c.stopOnce.Do(func() { close(c.stop) })
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("cave %s: arm did not park: %w", c.cfg.Name, ctx.Err())
	}
}
