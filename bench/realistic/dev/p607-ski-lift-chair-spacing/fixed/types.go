// Package spacing watches the photo-eye at a lift's loading station and
// raises alerts when chairs arrive closer together than the lift's minimum
// spacing, which usually means a detachable grip slipped or a chair was
// launched late.
package spacing

import (
	"errors"
	"fmt"
	"time"
)

// LiftConfig describes one lift line.
type LiftConfig struct {
	ID          string
	SpeedMPS    float64 // haul rope speed
	MinSpacingM float64 // minimum distance between chairs
	// BunchedAfter is the number of consecutive short gaps after which the
	// alert is escalated to a stop request.
	BunchedAfter int
}

func (c LiftConfig) validate() error {
	switch {
	case c.ID == "":
		return errors.New("spacing: lift id is required")
	case c.SpeedMPS <= 0 || c.SpeedMPS > maxRopeSpeedMPS:
		return fmt.Errorf("spacing: lift %s: rope speed %.2f m/s out of range", c.ID, c.SpeedMPS)
	case c.MinSpacingM <= 0:
		return fmt.Errorf("spacing: lift %s: minimum spacing must be positive", c.ID)
	}
	return nil
}

// minGap is the shortest time between two chairs at the photo-eye.
func (c LiftConfig) minGap() time.Duration {
	return time.Duration(c.MinSpacingM / c.SpeedMPS * float64(time.Second))
}

const maxRopeSpeedMPS = 6.0

// ChairPass is one chair breaking the photo-eye beam.
type ChairPass struct {
	LiftID string
	Chair  int
	At     time.Time
}

// Severity of a spacing alert.
type Severity int

const (
	SeverityWarn Severity = iota
	SeverityStop
)

func (s Severity) String() string {
	if s == SeverityStop {
		return "stop"
	}
	return "warn"
}

// Alert is raised when two chairs pass too close together.
type Alert struct {
	LiftID   string
	Chair    int
	Previous int
	SpacingM float64
	Severity Severity
	At       time.Time
}

// AlertSink receives alerts, typically the lift operator's console.
type AlertSink interface {
	SpacingAlert(a Alert) error
}

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	ErrUnknownLift  = errors.New("spacing: unknown lift")
	ErrDuplicate    = errors.New("spacing: lift already monitored")
	ErrBackpressure = errors.New("spacing: lift feed full")
	ErrStopped      = errors.New("spacing: monitor stopped")
)

// Config configures a Monitor.
type Config struct {
	// FeedBuffer is how many passes may queue per lift before Observe
	// rejects new ones.
	FeedBuffer int
	Logger     Logger
}
