package lockctl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	// ErrUnknownChamber is returned for a chamber that is not registered.
	ErrUnknownChamber = errors.New("lockctl: unknown chamber")
	// ErrChamberBusy is returned when decommissioning a chamber with lockages pending.
	ErrChamberBusy = errors.New("lockctl: chamber busy")
	// ErrQueueFull is returned when a chamber cannot queue another lockage.
	ErrQueueFull = errors.New("lockctl: lockage queue full")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("lockctl: controller closed")
)

// Config holds controller settings. Zero values select the defaults.
type Config struct {
	QueueDepth     int           // lockages that may wait per chamber; default 4
	CycleTimeout   time.Duration // upper bound for one lockage; default 20m
	LevelTolerance float64       // metres; default 0.05
	PollInterval   time.Duration // gauge polling while filling; default 2s
	Logger         *log.Logger
}

func (c *Config) setDefaults() {
	if c.QueueDepth <= 0 {
		c.QueueDepth = 4
	}
	if c.CycleTimeout <= 0 {
		c.CycleTimeout = 20 * time.Minute
	}
	if c.LevelTolerance <= 0 {
		c.LevelTolerance = 0.05
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 2 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

type cycleRequest struct {
	dir    Direction
	queued time.Time
	done   chan CycleResult
}

type chamber struct {
	id      string
	act     Actuator
	queue   chan cycleRequest
	stopped chan struct{}
	pending int
	cycles  int
	faults  int
}

// ChamberStatus is a snapshot of one chamber.
type ChamberStatus struct {
	ID      string
	Pending int
	Cycles  int
	Faults  int
}

// Controller runs the lockages of a flight of chambers, one lockage at a time
// per chamber, in the order they were requested.
type Controller struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	chambers map[string]*chamber
	closed   bool
}

// NewController returns a controller with no chambers.
func NewController(cfg Config) *Controller {
	cfg.setDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	return &Controller{cfg: cfg, ctx: ctx, cancel: cancel, chambers: make(map[string]*chamber)}
}

// AddChamber registers a chamber and starts its lockage loop.
func (c *Controller) AddChamber(id string, act Actuator) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if _, dup := c.chambers[id]; dup {
		return fmt.Errorf("lockctl: chamber %q already registered", id)
	}
	ch := &chamber{
		id:      id,
		act:     act,
		queue:   make(chan cycleRequest, c.cfg.QueueDepth),
		stopped: make(chan struct{}),
	}
	c.chambers[id] = ch
	go c.run(ch)
	c.cfg.Logger.Printf("chamber %s in service", id)
	return nil
}

// Submit queues a lockage. The returned channel delivers its result.
func (c *Controller) Submit(id string, dir Direction) (<-chan CycleResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	ch, ok := c.chambers[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownChamber, id)
	}
	done := make(chan CycleResult, 1)
	select {
	case ch.queue <- cycleRequest{dir: dir, queued: time.Now(), done: done}:
		ch.pending++
		return done, nil
	default:
		return nil, fmt.Errorf("%w: %s has %d waiting", ErrQueueFull, id, ch.pending)
	}
}

func (c *Controller) run(ch *chamber) {
	defer close(ch.stopped)
	for req := range ch.queue { // leak: chamber queue is never closed
		start := time.Now()
		ctx, cancel := context.WithTimeout(c.ctx, c.cfg.CycleTimeout)
		err := lockage(ctx, ch.act, req.dir, c.cfg.LevelTolerance, c.cfg.PollInterval)
		cancel()

		c.mu.Lock()
		ch.pending--
		ch.cycles++
		if err != nil {
			ch.faults++
		}
		c.mu.Unlock()

		if err != nil {
			c.cfg.Logger.Printf("chamber %s: lockage %s failed: %v", ch.id, req.dir, err)
		}
		req.done <- CycleResult{
			Chamber:   ch.id,
			Direction: req.dir,
			Queued:    start.Sub(req.queued),
			Took:      time.Since(start),
			Err:       err,
		}
	}
}

// Status reports the state of a chamber.
func (c *Controller) Status(id string) (ChamberStatus, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.chambers[id]
	if !ok {
		return ChamberStatus{}, fmt.Errorf("%w: %s", ErrUnknownChamber, id)
	}
	return ChamberStatus{ID: id, Pending: ch.pending, Cycles: ch.cycles, Faults: ch.faults}, nil
}

// Decommission takes a chamber out of service, for example before it is
// drained for maintenance. It refuses while lockages are still pending.
func (c *Controller) Decommission(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.chambers[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownChamber, id)
	}
	delete(c.chambers, id)
	if ch.pending > 0 {
		return fmt.Errorf("%w: %s has %d lockage(s) pending", ErrChamberBusy, id, ch.pending)
	}
	close(ch.queue)
	c.cfg.Logger.Printf("chamber %s decommissioned after %d lockages", id, ch.cycles)
	return nil
}

// Close stops accepting lockages, lets every chamber finish its queue and
// waits for them to stop.
func (c *Controller) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	running := make([]*chamber, 0, len(c.chambers))
	for _, ch := range c.chambers {
		close(ch.queue)
		running = append(running, ch)
	}
	c.mu.Unlock()

	for _, ch := range running {
		<-ch.stopped
	}
	c.cancel()
	return nil
}
