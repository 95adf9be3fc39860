package fountain

import (
	"fmt"
	"sync"
	"time"
)

// Controller plays cues on a ValveBank, one at a time, in the order they
// were loaded. A single playback goroutine owns the hardware; callers only
// touch the queue.
type Controller struct {
	bank      ValveBank
	wind      Anemometer
	windLimit float64
	maxHeight float64
	nozzles   int
	logf      func(format string, args ...any)

	mu     sync.Mutex
	cond   *sync.Cond // signalled on queue changes, cue completion and close
	queue  []Cue
	firing bool
	closed bool
	fired  int
	faults []error
}

// NewController returns a controller for bank and starts its playback loop.
// Call Close to stop it.
func NewController(bank ValveBank, opts ...Option) *Controller {
	c := &Controller{
		bank:      bank,
		maxHeight: 30,
		nozzles:   16,
		logf:      func(string, ...any) {},
	}
	for _, o := range opts {
		o(c)
	}
	c.cond = sync.NewCond(&c.mu)
	go c.run()
	return c
}

// Load validates s and appends its cues to the playback queue.
func (c *Controller) Load(s Show) error {
	if err := s.Validate(c.maxHeight, c.nozzles); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	c.queue = append(c.queue, s.ordered()...)
	c.cond.Broadcast()
	c.logf("fountain: loaded %q (%d cues, %d queued)", s.Name, len(s.Cues), len(c.queue))
	return nil
}

// Clear drops every queued cue that has not started and returns how many
// were dropped. The running cue, if any, finishes normally.
func (c *Controller) Clear() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.queue)
	c.queue = nil
	c.cond.Broadcast()
	return n
}

// WaitIdle blocks until the queue is empty and no cue is running, or the
// controller is closed.
func (c *Controller) WaitIdle() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for (len(c.queue) > 0 || c.firing) && !c.closed {
		c.cond.Wait()
	}
}

// Stats reports how many cues have been played and the hardware faults seen.
func (c *Controller) Stats() (fired int, faults []error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fired, append([]error(nil), c.faults...)
}

// Close stops playback after the running cue and switches every valve off.
// Queued cues are discarded.
func (c *Controller) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.queue = nil
	c.cond.Broadcast()
	c.mu.Unlock()
	return c.bank.AllOff()
}

func (c *Controller) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for len(c.queue) == 0 && !c.closed {
			c.cond.Wait()
		}
		if c.closed {
			return
		}
		cue := c.queue[0]
		c.queue = c.queue[1:]
		c.firing = true
		c.mu.Unlock()

		err := c.fire(cue)

		c.mu.Lock()
		c.firing = false
		c.fired++
		if err != nil {
			c.faults = append(c.faults, fmt.Errorf("cue %s: %w", cue.ID, err))
			c.logf("fountain: %v", err)
		}
		c.cond.Broadcast()
	}
}

// fire opens the cue's nozzles, holds them, and closes them again. On a
// valve error the whole bank is shut as a safety measure.
func (c *Controller) fire(cue Cue) error {
	height := c.limitForWind(cue.Height)
	for _, n := range cue.Nozzles {
		if err := c.bank.Set(n, cue.Effect, height); err != nil {
			if offErr := c.bank.AllOff(); offErr != nil {
				c.logf("fountain: emergency shut-off failed: %v", offErr)
			}
			return fmt.Errorf("nozzle %d: %w", n, err)
		}
	}
	if cue.Hold > 0 {
		time.Sleep(cue.Hold)
	}
	if cue.Effect == Off {
		return nil
	}
	for _, n := range cue.Nozzles {
		if err := c.bank.Set(n, Off, 0); err != nil {
			return fmt.Errorf("nozzle %d: %w", n, err)
		}
	}
	return nil
}

func (c *Controller) limitForWind(h float64) float64 {
	if c.wind == nil || c.windLimit <= 0 {
		return h
	}
	v := c.wind.WindSpeed()
	if v <= c.windLimit {
		return h
	}
	return h * c.windLimit / v
}
