package shutter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Position is where a shutter leaf sits on its track.
type Position int

const (
	Unknown Position = iota
	Closed
	Partial
	Open
)

func (p Position) String() string {
	switch p {
	case Closed:
		return "closed"
	case Partial:
		return "partial"
	case Open:
		return "open"
	}
	return "unknown"
}

// Leaf is one motorised shutter leaf (upper shutter, lower shutter,
// windscreen) with its own drive and limit switches.
type Leaf interface {
	Name() string
	Position(ctx context.Context) (Position, error)
	Drive(ctx context.Context, target Position) error
}

// Weather is the site weather station's interlock.
type Weather interface {
	OpenAllowed(ctx context.Context) (ok bool, reason string, err error)
}

var (
	ErrWeatherInterlock = errors.New("shutter: weather interlock")
	ErrMotionTimeout    = errors.New("shutter: motion timed out")
	ErrNotInPosition    = errors.New("shutter: leaf not at limit switch")
	ErrBusy             = errors.New("shutter: motion in progress")
)

// Config describes the dome.
type Config struct {
	Site          string
	MotionTimeout time.Duration
}

// Option customises a Controller.
type Option func(*Controller)

// WithLogger sends operational messages to l.
func WithLogger(l *log.Logger) Option { return func(c *Controller) { c.logger = l } }

// WithEventHook receives every state change of the dome.
func WithEventHook(fn func(Event)) Option { return func(c *Controller) { c.hook = fn } }

// Event records a state change of the dome.
type Event struct {
	At    time.Time
	State Position
	Err   error
}

// Controller opens and closes the dome shutter as a unit.
type Controller struct {
	cfg     Config
	leaves  []Leaf
	weather Weather
	logger  *log.Logger
	hook    func(Event)

	motion sync.Mutex
	mu     sync.Mutex
	state  Position
	last   error
}

// New returns a controller for the given leaves. Leaves are driven together.
func New(cfg Config, weather Weather, leaves []Leaf, opts ...Option) (*Controller, error) {
	if len(leaves) == 0 {
		return nil, errors.New("shutter: no leaves configured")
	}
	if weather == nil {
		return nil, errors.New("shutter: weather interlock required")
	}
	if cfg.MotionTimeout <= 0 {
		cfg.MotionTimeout = 3 * time.Minute
	}
	c := &Controller{
		cfg:     cfg,
		leaves:  leaves,
		weather: weather,
		logger:  log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Open opens every leaf, if the weather station allows it.
func (c *Controller) Open(ctx context.Context) error {
	ok, reason, err := c.weather.OpenAllowed(ctx)
	if err != nil {
		return fmt.Errorf("shutter %s: weather station: %w", c.cfg.Site, err)
	}
	if !ok {
		return fmt.Errorf("%w: %s", ErrWeatherInterlock, reason)
	}
	return c.move(ctx, Open)
}

// Close closes every leaf. Closing is never blocked by the interlock.
func (c *Controller) Close(ctx context.Context) error {
	return c.move(ctx, Closed)
}

// State returns the last known dome state and the error of the last motion.
func (c *Controller) State() (Position, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state, c.last
}

func (c *Controller) move(ctx context.Context, target Position) error {
	if !c.motion.TryLock() {
		return ErrBusy
	}
	defer c.motion.Unlock()

	start := time.Now()
	c.logger.Printf("shutter %s: %s requested", c.cfg.Site, target)
	err := c.moveAll(ctx, target)

	state := target
	if err != nil {
		state = Unknown
		c.logger.Printf("shutter %s: %s failed after %s: %v", c.cfg.Site, target, time.Since(start), err)
	} else {
		c.logger.Printf("shutter %s: %s in %s", c.cfg.Site, target, time.Since(start))
	}
	c.mu.Lock()
	c.state = state
	c.last = err
	c.mu.Unlock()
	if c.hook != nil {
		c.hook(Event{At: time.Now(), State: state, Err: err})
	}
	return err
}
