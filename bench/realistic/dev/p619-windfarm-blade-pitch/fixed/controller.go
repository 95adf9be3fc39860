// Package pitch is the blade pitch supervisor of a wind turbine: it accepts
// pitch set-points from the turbine controller and SCADA, enforces the
// mechanical limits of the pitch drives, and streams blade telemetry.
package pitch

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
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("pitch: controller closed")
	// ErrFeathered is returned for set-points that would take a blade out
	// of feather while the turbine is in a storm or safety stop.
	ErrFeathered = errors.New("pitch: rotor is feathered")
	// ErrBadBlade is returned for a blade index the rotor does not have.
	ErrBadBlade = errors.New("pitch: no such blade")
)

// Mode is the operating mode of the rotor.
type Mode int

// Rotor modes.
const (
	ModeOperating Mode = iota
	ModeFeathered
)

func (m Mode) String() string {
	if m == ModeFeathered {
		return "feathered"
	}
	return "operating"
}

// Actuator drives the pitch bearing of one blade.
type Actuator interface {
	SetAngle(ctx context.Context, blade int, degrees float64) error
}

// Sample is one telemetry frame for the SCADA historian.
type Sample struct {
	At        time.Time
	Mode      Mode
	Commanded []float64
	Actual    []float64
	Faults    []int
}

// Sink receives telemetry samples.
type Sink interface {
	Publish(Sample)
}

// Config describes the rotor and the pitch system limits.
type Config struct {
	Blades       int
	MinAngle     float64
	MaxAngle     float64
	FeatherAngle float64
	// MaxRate is the fastest the drives may slew, in degrees per second.
	MaxRate     float64
	SampleEvery time.Duration
	Logger      *log.Logger
	Clock       func() time.Time
}

func (c *Config) setDefaults() error {
	if c.Blades == 0 {
		c.Blades = 3
	}
	if c.MaxAngle == 0 {
		c.MinAngle, c.MaxAngle = -2, 95
	}
	if c.FeatherAngle == 0 {
		c.FeatherAngle = 88
	}
	if c.MaxRate == 0 {
		c.MaxRate = 8
	}
	if c.SampleEvery == 0 {
		c.SampleEvery = 100 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Blades < 1 || c.MinAngle >= c.MaxAngle || c.FeatherAngle > c.MaxAngle || c.MaxRate < 0 {
		return fmt.Errorf("pitch: inconsistent config %+v", *c)
	}
	return nil
}

type blade struct {
	commanded float64
	actual    float64
	lastCmd   time.Time
	faults    int
}

// Controller supervises the pitch drives of one rotor.
type Controller struct {
	cfg  Config
	act  Actuator
	sink Sink

	mu     sync.RWMutex
	mode   Mode
	reason string
	blades []blade

	quit      chan struct{}
	closeOnce sync.Once
}

// New starts a controller with all blades assumed at feather, which is how
// a turbine sits before start-up.
func New(cfg Config, act Actuator, sink Sink) (*Controller, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	if act == nil {
		return nil, errors.New("pitch: actuator required")
	}
	c := &Controller{
		cfg:    cfg,
		act:    act,
		sink:   sink,
		mode:   ModeFeathered,
		reason: "start-up",
		blades: make([]blade, cfg.Blades),
		quit:   make(chan struct{}),
	}
	now := cfg.Clock()
	for i := range c.blades {
		c.blades[i].commanded = cfg.FeatherAngle
		c.blades[i].actual = cfg.FeatherAngle
		c.blades[i].lastCmd = now
	}
	if sink != nil {
		go c.sampleLoop()
	}
	return c, nil
}

// Close stops telemetry and rejects further set-points.
func (c *Controller) Close() error {
	c.closeOnce.Do(func() {
		close(c.quit)
		c.cfg.Logger.Printf("pitch controller closed")
	})
	return nil
}

func (c *Controller) closed() bool {
	select {
	case <-c.quit:
		return true
	default:
		return false
	}
}

func (c *Controller) sampleLoop() {
	t := time.NewTicker(c.cfg.SampleEvery)
	defer t.Stop()
	for {
		select {
		case <-c.quit:
			return
		case now := <-t.C:
			c.mu.RLock()
			s := c.snapshotLocked(now)
			c.mu.RUnlock()
			c.sink.Publish(s)
		}
	}
}

func (c *Controller) snapshotLocked(now time.Time) Sample {
	s := Sample{
		At:        now,
		Mode:      c.mode,
		Commanded: make([]float64, len(c.blades)),
		Actual:    make([]float64, len(c.blades)),
		Faults:    make([]int, len(c.blades)),
	}
	for i, b := range c.blades {
		s.Commanded[i] = b.commanded
		s.Actual[i] = b.actual
		s.Faults[i] = b.faults
	}
	return s
}
