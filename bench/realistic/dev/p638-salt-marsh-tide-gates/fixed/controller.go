package tidegate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"sync"
	"time"
)

// Actuator drives the hydraulic ram of a gate.
type Actuator interface {
	MoveTo(ctx context.Context, gateID string, opening float64) error
}

// ErrClosed is returned by Apply after Close.
var ErrClosed = errors.New("tidegate: controller closed")

// Option configures a Controller.
type Option func(*Controller)

// WithLogger sets the logger for gate moves and faults.
func WithLogger(l *log.Logger) Option { return func(c *Controller) { c.log = l } }

// WithClock replaces time.Now, for replaying recorded tides.
func WithClock(now func() time.Time) Option { return func(c *Controller) { c.now = now } }

type command struct {
	opening float64
	issued  time.Time
}

// GateState is the last known state of a gate.
type GateState struct {
	Opening  float64
	Target   float64
	MovedAt  time.Time
	LastErr  error
	Pending  bool
	Attempts int
}

// Controller turns water level readings into gate moves. Each gate has
// its own actuator loop so a slow ram does not hold up the others.
type Controller struct {
	cfg Config
	act Actuator
	log *log.Logger
	now func() time.Time

	mu      sync.Mutex
	cond    *sync.Cond
	pending map[string]command
	state   map[string]*GateState
	closing bool
}

// NewController validates cfg and starts one actuator loop per gate.
func NewController(cfg Config, act Actuator, opts ...Option) (*Controller, error) {
	if act == nil {
		return nil, errors.New("tidegate: actuator is required")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Controller{
		cfg:     cfg,
		act:     act,
		log:     log.New(io.Discard, "", 0),
		now:     time.Now,
		pending: make(map[string]command),
		state:   make(map[string]*GateState),
	}
	for _, opt := range opts {
		opt(c)
	}
	c.cond = sync.NewCond(&c.mu)
	for _, g := range cfg.Gates {
		c.state[g.ID] = &GateState{}
		go c.runGate(g)
	}
	return c, nil
}

// Apply computes new openings for reading r and queues a move for every
// gate whose target changed by more than the deadband. It returns the
// targets that were queued.
func (c *Controller) Apply(r Reading) (map[string]float64, error) {
	if r.At.IsZero() {
		r.At = c.now()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return nil, ErrClosed
	}
	queued := make(map[string]float64)
	for _, g := range c.cfg.Gates {
		want := c.cfg.target(g, r)
		st := c.state[g.ID]
		if st.LastErr == nil && math.Abs(want-st.Target) < c.cfg.Deadband {
			continue
		}
		st.Target = want
		st.Pending = true
		c.pending[g.ID] = command{opening: want, issued: r.At}
		queued[g.ID] = want
	}
	if len(queued) > 0 {
		c.log.Printf("tide %.2f m, marsh %.2f m: moving %d gate(s)", r.SeaLevel, r.MarshLevel, len(queued))
		c.cond.Broadcast()
	}
	return queued, nil
}

func (c *Controller) runGate(g Gate) {
	for {
		c.mu.Lock()
		for !c.closing && !c.hasPending(g.ID) {
			c.cond.Wait()
		}
		cmd, ok := c.pending[g.ID]
		if !ok {
			c.mu.Unlock()
			return
		}
		delete(c.pending, g.ID)
		c.mu.Unlock()

		err := c.move(g, cmd)

		c.mu.Lock()
		st := c.state[g.ID]
		st.Attempts++
		st.LastErr = err
		if err == nil {
			st.Opening = cmd.opening
			st.MovedAt = c.now()
		}
		if !c.hasPending(g.ID) {
			st.Pending = false
		}
		c.mu.Unlock()
	}
}

func (c *Controller) move(g Gate, cmd command) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.MoveTimeout)
	defer cancel()
	if err := c.act.MoveTo(ctx, g.ID, cmd.opening); err != nil {
		c.log.Printf("gate %s: move to %.0f%% failed: %v", g.ID, cmd.opening, err)
		return fmt.Errorf("tidegate: gate %s: %w", g.ID, err)
	}
	c.log.Printf("gate %s at %.0f%% (%s after command)", g.ID, cmd.opening, c.now().Sub(cmd.issued).Round(time.Millisecond))
	return nil
}

func (c *Controller) hasPending(id string) bool {
	_, ok := c.pending[id]
	return ok
}

// State returns a copy of the state of every gate.
func (c *Controller) State() map[string]GateState {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]GateState, len(c.state))
	for id, st := range c.state {
		out[id] = *st
	}
	return out
}

// Close stops accepting readings. Gate loops finish any move already
// queued and then exit.
func (c *Controller) Close() {
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	c.cond.Broadcast()
}
