// Package yaw keeps the nacelles of a wind farm's turbines pointed into the
// wind, tracking cable twist so the tower cables are unwound before they
// reach their limit.
package yaw

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Option configures a Controller.
type Option func(*Controller)

// WithDeadband sets the misalignment, in degrees, below which the nacelle is
// left where it is. The default is 8°.
func WithDeadband(deg float64) Option { return func(c *Controller) { c.deadband = deg } }

// WithMaxTwist sets how far, in degrees either way, the nacelle may turn from
// its untwisted position. The default is 720° (two full turns).
func WithMaxTwist(deg float64) Option { return func(c *Controller) { c.maxTwist = deg } }

// WithLogger sets the controller's logger.
func WithLogger(l Logger) Option { return func(c *Controller) { c.log = l } }

// WithObserver registers a function that receives every controller event.
func WithObserver(fn func(Event)) Option { return func(c *Controller) { c.observer = fn } }

// WithRotateTimeout bounds a single yaw movement.
func WithRotateTimeout(d time.Duration) Option { return func(c *Controller) { c.rotateTimeout = d } }

type turbineState struct {
	headingDeg float64
	twistDeg   float64
	lastShift  time.Time
	held       bool
}

// Controller reacts to wind shifts by yawing the affected turbine.
type Controller struct {
	feed          WindFeed
	drive         YawDrive
	log           Logger
	observer      func(Event)
	deadband      float64
	maxTwist      float64
	rotateTimeout time.Duration

	mu          sync.Mutex
	locks       map[string]*sync.Mutex
	state       map[string]*turbineState
	ctx         context.Context
	cancel      context.CancelFunc
	unsubscribe func()
}

type silent struct{}

func (silent) Printf(string, ...any) {}

// New returns a controller for the named turbines.
func New(feed WindFeed, drive YawDrive, turbines []string, opts ...Option) (*Controller, error) {
	if feed == nil || drive == nil {
		return nil, errors.New("yaw: feed and drive are required")
	}
	if len(turbines) == 0 {
		return nil, errors.New("yaw: no turbines")
	}
	c := &Controller{
		feed:          feed,
		drive:         drive,
		log:           silent{},
		observer:      func(Event) {},
		deadband:      8,
		maxTwist:      720,
		rotateTimeout: 90 * time.Second,
		locks:         make(map[string]*sync.Mutex, len(turbines)),
		state:         make(map[string]*turbineState, len(turbines)),
	}
	for _, o := range opts {
		o(c)
	}
	if c.deadband < 0 || c.maxTwist < 360 {
		return nil, fmt.Errorf("yaw: invalid limits: deadband %.1f°, max twist %.0f°", c.deadband, c.maxTwist)
	}
	for _, id := range turbines {
		if _, dup := c.locks[id]; dup {
			return nil, fmt.Errorf("yaw: turbine %q listed twice", id)
		}
		c.locks[id] = &sync.Mutex{}
		c.state[id] = &turbineState{}
	}
	return c, nil
}

// Start subscribes to the wind feed. Each shift is handled on its own
// goroutine; shifts for the same turbine are applied one at a time.
func (c *Controller) Start(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.unsubscribe != nil {
		return errors.New("yaw: controller already started")
	}
	c.ctx, c.cancel = context.WithCancel(ctx)
	c.unsubscribe = c.feed.Subscribe(func(s WindShift) {
		go c.handle(s)
	})
	c.log.Printf("yaw: controlling %d turbines", len(c.locks))
	return nil
}

// Close stops listening to the feed and abandons yaw movements in progress.
func (c *Controller) Close() {
	c.mu.Lock()
	unsub, cancel := c.unsubscribe, c.cancel
	c.unsubscribe = nil
	c.mu.Unlock()
	if unsub != nil {
		unsub()
	}
	if cancel != nil {
		cancel()
	}
}

// Twist returns the current cable twist of a turbine in degrees.
func (c *Controller) Twist(turbine string) (float64, error) {
	mu, st, err := c.lookup(turbine)
	if err != nil {
		return 0, err
	}
	mu.Lock()
	defer mu.Unlock()
	return st.twistDeg, nil
}

func (c *Controller) lookup(turbine string) (*sync.Mutex, *turbineState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	mu, ok := c.locks[turbine]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %s", ErrUnknownTurbine, turbine)
	}
	return mu, c.state[turbine], nil
}

func (c *Controller) handle(s WindShift) {
	c.mu.Lock()
	ctx := c.ctx
	c.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	if err := c.align(ctx, s); err != nil {
		c.log.Printf("yaw: %s: %v", s.Turbine, err)
		c.observer(Event{Turbine: s.Turbine, Kind: Failed, Err: err, At: time.Now()})
	}
}
