package shade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Motor drives the shade screen of one greenhouse zone. Positions are
// expressed as deployment percentages: 0 is fully retracted, 100 closes
// the screen completely.
type Motor interface {
	MoveTo(ctx context.Context, zone string, percent int) error
}

// LightSensor reports the current global irradiance above the roof in W/m².
type LightSensor interface {
	Irradiance(ctx context.Context) (float64, error)
}

// Mode selects who is in charge of the screens.
type Mode int

const (
	// ModeManual leaves the screens where the grower put them.
	ModeManual Mode = iota
	// ModeAuto follows the active schedule using the light sensor.
	ModeAuto
)

func (m Mode) String() string {
	switch m {
	case ModeManual:
		return "manual"
	case ModeAuto:
		return "auto"
	default:
		return fmt.Sprintf("mode(%d)", int(m))
	}
}

// Config holds the tunables of a Controller.
type Config struct {
	// Interval between two sensor readings in automatic mode.
	Interval time.Duration
	// MoveTimeout bounds a single motor command.
	MoveTimeout time.Duration
	// Deadband is the minimal change, in percent, worth moving a screen for.
	Deadband int
	// Logger receives operational messages.
	Logger *log.Logger
}

// Option customises a Controller.
type Option func(*Config)

// WithInterval sets the sampling interval of automatic mode.
func WithInterval(d time.Duration) Option { return func(c *Config) { c.Interval = d } }

// WithMoveTimeout sets the timeout of a single motor command.
func WithMoveTimeout(d time.Duration) Option { return func(c *Config) { c.MoveTimeout = d } }

// WithDeadband sets the minimal position change that triggers a move.
func WithDeadband(p int) Option { return func(c *Config) { c.Deadband = p } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

func defaultConfig() Config {
	return Config{
		Interval:    30 * time.Second,
		MoveTimeout: 20 * time.Second,
		Deadband:    5,
		Logger:      log.New(io.Discard, "", 0),
	}
}

func (c Config) validate() error {
	switch {
	case c.Interval <= 0:
		return errors.New("shade: interval must be positive")
	case c.MoveTimeout <= 0:
		return errors.New("shade: move timeout must be positive")
	case c.Deadband < 0 || c.Deadband > 50:
		return fmt.Errorf("shade: deadband %d out of range", c.Deadband)
	case c.Logger == nil:
		return errors.New("shade: nil logger")
	}
	return nil
}
