package fixedclosedbeforethedelete

import (
	"errors"
	"sync"
)

var errBusy = errors.New("chamber busy")

type chamber struct {
	queue    chan int
	reserved int
}

// Controller runs the lockages of a flight of canal chambers.
type Controller struct {
	mu       sync.Mutex
	chambers map[string]*chamber
	retired  int
}

// NewController has no chambers yet.
func NewController() *Controller {
	return &Controller{chambers: map[string]*chamber{}}
}

// AddChamber puts a chamber in service, with a worker for its lockages.
func (c *Controller) AddChamber(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.chambers[id]; dup {
		return errors.New("chamber already in service")
	}
	ch := &chamber{queue: make(chan int, 4)}
	c.chambers[id] = ch
	go c.run(ch)
	return nil
}

func (c *Controller) run(ch *chamber) {
	for lift := range ch.queue {
		_ = lift
	}
}

// Reserve books a lockage for later.
func (c *Controller) Reserve(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.chambers[id]
	if !ok {
		return errors.New("unknown chamber")
	}
	ch.reserved++
	return nil
}

// Decommission takes a chamber out of service, refusing while lockages are booked; its
// queue is closed before the delete, so the way out after the delete owes no close.
func (c *Controller) Decommission(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.chambers[id]
	if !ok {
		return errors.New("unknown chamber")
	}
	if ch.reserved > 0 {
		return errBusy
	}
	close(ch.queue)
	delete(c.chambers, id)
	c.retired++
	return nil
}

// Close ends every chamber's worker.
func (c *Controller) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, ch := range c.chambers {
		close(ch.queue)
		delete(c.chambers, id)
	}
}
