package elevator

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Controller dispatches calls to the cars of one bank.
type Controller struct {
	cfg      Config
	ctx      context.Context
	cancel   context.CancelFunc
	displays *broadcaster

	mu     sync.Mutex
	active map[string]*car // cars accepting calls
	parked map[string]*car // cars out of service
	closed bool
}

// car is the controller's record of one car. stops is owned by the
// controller: only the controller sends on it and closes it, under c.mu.
type car struct {
	id    string
	stops chan int

	mu    sync.Mutex
	state CarState
}

func (k *car) snapshot() CarState {
	k.mu.Lock()
	defer k.mu.Unlock()
	st := k.state
	st.Pending = len(k.stops)
	return st
}

func (k *car) update(f func(*CarState)) CarState {
	k.mu.Lock()
	f(&k.state)
	st := k.state
	k.mu.Unlock()
	st.Pending = len(k.stops)
	return st
}

// New starts a controller for the bank described by cfg. All cars start in
// service at the lowest floor.
func New(cfg Config) (*Controller, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Controller{
		cfg:      cfg,
		ctx:      ctx,
		cancel:   cancel,
		displays: newBroadcaster(),
		active:   make(map[string]*car, len(cfg.Cars)),
		parked:   make(map[string]*car),
	}
	for _, id := range cfg.Cars {
		k := &car{
			id:    id,
			stops: make(chan int, cfg.QueueDepth),
			state: CarState{Car: id, Floor: cfg.LowestFloor, InService: true},
		}
		c.active[id] = k
		go c.run(k)
	}
	return c, nil
}

// Dispatch assigns call to the nearest in-service car that has room in its
// queue and returns the car's identifier.
func (c *Controller) Dispatch(call Call) (string, error) {
	if call.Floor < c.cfg.LowestFloor || call.Floor > c.cfg.HighestFloor {
		return "", fmt.Errorf("dispatch to floor %d: %w", call.Floor, ErrFloorOutOfRange)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return "", ErrClosed
	}
	for _, k := range c.candidatesLocked(call.Floor) {
		select {
		case k.stops <- call.Floor:
			return k.id, nil
		default:
			// Queue full; try the next nearest car.
		}
	}
	return "", fmt.Errorf("dispatch to floor %d: %w", call.Floor, ErrNoCarAvailable)
}

// candidatesLocked orders the active cars by distance to floor.
func (c *Controller) candidatesLocked(floor int) []*car {
	type cand struct {
		k    *car
		dist int
	}
	cands := make([]cand, 0, len(c.active))
	for _, k := range c.active {
		st := k.snapshot()
		cands = append(cands, cand{k, abs(st.Floor-floor) + st.Pending})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].k.id < cands[j].k.id
	})
	out := make([]*car, len(cands))
	for i, cd := range cands {
		out[i] = cd.k
	}
	return out
}

// SetOutOfService stops assigning calls to car id. Stops already queued for
// the car are still served.
func (c *Controller) SetOutOfService(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	k, ok := c.active[id]
	if !ok {
		if _, parked := c.parked[id]; parked {
			return nil
		}
		return fmt.Errorf("set car %q out of service: %w", id, ErrUnknownCar)
	}
	delete(c.active, id)
	c.parked[id] = k
	c.displays.publish(k.update(func(s *CarState) { s.InService = false }))
	return nil
}

// ReturnToService makes car id available for calls again.
func (c *Controller) ReturnToService(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	k, ok := c.parked[id]
	if !ok {
		if _, active := c.active[id]; active {
			return nil
		}
		return fmt.Errorf("return car %q to service: %w", id, ErrUnknownCar)
	}
	delete(c.parked, id)
	c.active[id] = k
	c.displays.publish(k.update(func(s *CarState) { s.InService = true }))
	return nil
}

// Subscribe streams car state updates to a display. The channel is closed
// when cancel is called or the controller is closed.
func (c *Controller) Subscribe(buffer int) (updates <-chan CarState, cancel func()) {
	return c.displays.subscribe(buffer)
}

// Close stops accepting calls, aborts any motion in progress and closes all
// display subscriptions.
func (c *Controller) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	for _, k := range c.active {
		close(k.stops)
	}
	for _, k := range c.parked {
		close(k.stops)
	}
	c.mu.Unlock()

	c.cancel()
	c.displays.close()
	return nil
}

// run serves the stops queued for car k until its queue is closed.
func (c *Controller) run(k *car) {
	for floor := range k.stops {
		st := k.snapshot()
		dir := Up
		if floor < st.Floor {
			dir = Down
		}
		if floor != st.Floor {
			c.displays.publish(k.update(func(s *CarState) { s.Direction = dir }))
			if err := c.cfg.Drive.MoveTo(c.ctx, k.id, floor); err != nil {
				c.cfg.Logf("elevator: car %s move to %d: %v", k.id, floor, err)
				c.displays.publish(k.update(func(s *CarState) { s.Direction = Idle }))
				continue
			}
		}
		c.displays.publish(k.update(func(s *CarState) {
			s.Floor, s.Direction, s.DoorsOpen = floor, Idle, true
		}))
		if err := c.cfg.Drive.CycleDoors(c.ctx, k.id); err != nil {
			c.cfg.Logf("elevator: car %s doors at %d: %v", k.id, floor, err)
		}
		c.displays.publish(k.update(func(s *CarState) { s.DoorsOpen = false }))
	}
}
