// Package showctl runs planetarium shows: it loads a cue list, then fires
// each cue at its offset on the dome projector, sound system and cove
// lighting, keeping a report of what every device did.
package showctl

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sort"
	"sync"
	"time"
)

// Device is one piece of theatre equipment driven by the controller.
type Device interface {
	Name() string
	Apply(ctx context.Context, cue Cue) error
}

// Errors returned by the controller.
var (
	ErrShowRunning   = errors.New("showctl: a show is already running")
	ErrNoShow        = errors.New("showctl: no show running")
	ErrClosed        = errors.New("showctl: controller closed")
	ErrUnknownDevice = errors.New("showctl: cue targets unknown device")
)

// Config configures a Controller.
type Config struct {
	QueueDepth int
	CueTimeout time.Duration
	Logger     *log.Logger
}

// Report summarises one performance.
type Report struct {
	Title   string
	Started time.Time
	Ended   time.Time
	Fired   int
	Failed  int
	Skipped int
	Aborted bool
	Errors  []string
}

// Controller owns the theatre devices and plays one show at a time.
type Controller struct {
	cfg     Config
	log     *log.Logger
	devices map[string]Device

	mu      sync.Mutex
	cur     *performance
	closed  bool
	history []Report
}

// New builds a controller for the given devices.
func New(cfg Config, devices ...Device) (*Controller, error) {
	if len(devices) == 0 {
		return nil, errors.New("showctl: no devices")
	}
	if cfg.QueueDepth <= 0 {
		cfg.QueueDepth = 8
	}
	if cfg.CueTimeout <= 0 {
		cfg.CueTimeout = 2 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(os.Stderr, "showctl: ", log.LstdFlags)
	}
	c := &Controller{cfg: cfg, log: cfg.Logger, devices: make(map[string]Device, len(devices))}
	for _, d := range devices {
		if _, dup := c.devices[d.Name()]; dup {
			return nil, fmt.Errorf("showctl: device %q registered twice", d.Name())
		}
		c.devices[d.Name()] = d
	}
	return c, nil
}

// Devices lists the device names in a stable order.
func (c *Controller) Devices() []string {
	names := make([]string, 0, len(c.devices))
	for n := range c.devices {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Start loads a show and begins playing it in the background.
func (c *Controller) Start(ctx context.Context, show Show) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.cur != nil {
		return ErrShowRunning
	}

	runCtx, cancel := context.WithCancel(ctx)
	p := newPerformance(show.Title, cancel)
	for _, name := range c.Devices() {
		ch := make(chan Cue, c.cfg.QueueDepth)
		p.queues[name] = ch
		p.wg.Add(1)
		go c.dispatch(runCtx, p, c.devices[name], ch)
	}

	timeline, err := buildTimeline(show, p.queues)
	if err != nil {
		for _, ch := range p.queues {
			close(ch)
		}
		cancel()
		return fmt.Errorf("showctl: load %q: %w", show.Title, err)
	}
	c.cur = p
	c.log.Printf("showctl: %q started, %d cues over %s", show.Title, len(timeline), show.Length)
	go c.play(runCtx, p, timeline)
	return nil
}

// Wait blocks until the running show ends and returns its report.
func (c *Controller) Wait(ctx context.Context) (Report, error) {
	c.mu.Lock()
	p := c.cur
	c.mu.Unlock()
	if p == nil {
		return Report{}, ErrNoShow
	}
	select {
	case <-p.done:
		return p.snapshot(), nil
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}
}

// Abort stops the running show; cues not yet fired are skipped.
func (c *Controller) Abort() (Report, error) {
	c.mu.Lock()
	p := c.cur
	c.mu.Unlock()
	if p == nil {
		return Report{}, ErrNoShow
	}
	p.abort()
	<-p.done
	return p.snapshot(), nil
}

// History returns the reports of finished shows, oldest first.
func (c *Controller) History() []Report {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Report(nil), c.history...)
}

// Close aborts any running show and refuses new ones.
func (c *Controller) Close() error {
	c.mu.Lock()
	c.closed = true
	p := c.cur
	c.mu.Unlock()
	if p != nil {
		p.abort()
		<-p.done
	}
	return nil
}

func (c *Controller) finish(p *performance) {
	r := p.snapshot()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == p {
		c.cur = nil
	}
	c.history = append(c.history, r)
	c.log.Printf("showctl: %q ended: %d fired, %d failed, %d skipped, aborted=%t",
		r.Title, r.Fired, r.Failed, r.Skipped, r.Aborted)
}
