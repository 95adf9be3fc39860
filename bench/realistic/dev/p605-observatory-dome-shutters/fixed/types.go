// Package dome drives the shutters of an observatory dome and gates observing
// sessions on the shutters being open and the weather being safe.
package dome

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// State is the position of the shutter pair as the controller knows it.
type State int

const (
	StateClosed State = iota
	StateOpening
	StateOpen
	StateClosing
	StateFault
)

func (s State) String() string {
	switch s {
	case StateClosed:
		return "closed"
	case StateOpening:
		return "opening"
	case StateOpen:
		return "open"
	case StateClosing:
		return "closing"
	case StateFault:
		return "fault"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// Direction is a commanded shutter motion.
type Direction int

const (
	DirectionOpen Direction = iota
	DirectionClose
)

func (d Direction) String() string {
	if d == DirectionOpen {
		return "open"
	}
	return "close"
}

var (
	ErrClosed      = errors.New("dome: controller shut down")
	ErrBusy        = errors.New("dome: shutters already moving")
	ErrFault       = errors.New("dome: shutter fault")
	ErrWeatherHold = errors.New("dome: weather hold")
)

// Motor is the shutter drive. Drive returns once the limit switch for the
// requested direction is reached, or with an error.
type Motor interface {
	Drive(ctx context.Context, dir Direction) error
}

// Conditions is one reading of the weather station on the dome.
type Conditions struct {
	WindMPS     float64
	HumidityPct float64
	Rain        bool
}

// WeatherSource reports current conditions.
type WeatherSource interface {
	Current(ctx context.Context) (Conditions, error)
}

// Limits are the conditions under which the shutters may be opened.
type Limits struct {
	MaxWindMPS     float64
	MaxHumidityPct float64
}

func (l Limits) violated(c Conditions) (string, bool) {
	switch {
	case c.Rain:
		return "rain detected", true
	case c.WindMPS > l.MaxWindMPS:
		return fmt.Sprintf("wind %.1f m/s over %.1f", c.WindMPS, l.MaxWindMPS), true
	case c.HumidityPct > l.MaxHumidityPct:
		return fmt.Sprintf("humidity %.0f%% over %.0f%%", c.HumidityPct, l.MaxHumidityPct), true
	}
	return "", false
}

// Logger is the subset of *log.Logger the controller uses.
type Logger interface {
	Printf(format string, args ...any)
}

type config struct {
	moveTimeout time.Duration
	limits      Limits
	logger      Logger
	now         func() time.Time
}

func defaultConfig() config {
	return config{
		moveTimeout: 90 * time.Second,
		limits:      Limits{MaxWindMPS: 15, MaxHumidityPct: 85},
		logger:      log.Default(),
		now:         time.Now,
	}
}

// Option configures a Controller.
type Option func(*config)

// WithMoveTimeout bounds a single shutter motion.
func WithMoveTimeout(d time.Duration) Option { return func(c *config) { c.moveTimeout = d } }

// WithLimits sets the weather limits for opening.
func WithLimits(l Limits) Option { return func(c *config) { c.limits = l } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(c *config) { c.logger = l } }

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }
