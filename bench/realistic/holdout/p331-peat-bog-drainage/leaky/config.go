package drainage

import (
	"context"
	"errors"
	"io"
	"log"
	"time"
)

// Dipwell is a perforated tube sunk into the peat in which the water table
// is measured, in centimetres below the bog surface.
type Dipwell struct {
	ID             string
	Compartment    string
	SurfaceCm      float64
	Decommissioned bool
}

// Level is a single water-table reading.
type Level struct {
	Well        string
	Compartment string
	DepthCm     float64
	At          time.Time
}

// DipwellReader talks to the logger box fitted to a dipwell.
type DipwellReader interface {
	ReadDepth(ctx context.Context, wellID string) (float64, error)
}

// Sluice is a controllable outlet in a drainage ditch.
type Sluice interface {
	SetOpening(ctx context.Context, compartment string, percent int) error
}

// Logger is the subset of *log.Logger used by the package.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	// ErrNoReadings is returned when no dipwell could be read.
	ErrNoReadings = errors.New("drainage: no dipwell readings")
	// ErrDryAlarm is reported when a compartment is drier than its limit.
	ErrDryAlarm = errors.New("drainage: water table below dry limit")
)

// Config holds the surveying and control settings of a bog.
type Config struct {
	// Concurrency bounds how many logger boxes are polled at once; the
	// telemetry radio shares one channel.
	Concurrency int
	// ReadTimeout bounds one dipwell read.
	ReadTimeout time.Duration
	// SurveyTimeout is how long a survey waits before returning whatever
	// readings it has.
	SurveyTimeout time.Duration
	// TargetDepthCm is the desired depth of the water table below surface.
	TargetDepthCm float64
	// BandCm is the tolerance around the target in which gates are left alone.
	BandCm float64
	// DryLimitCm raises an alarm when the water table is deeper than this.
	DryLimitCm float64
}

// DefaultConfig suits a lowland raised bog under restoration management.
func DefaultConfig() Config {
	return Config{
		Concurrency:   4,
		ReadTimeout:   3 * time.Second,
		SurveyTimeout: 30 * time.Second,
		TargetDepthCm: 10,
		BandCm:        5,
		DryLimitCm:    40,
	}
}

// Option customises a Surveyor.
type Option func(*Surveyor)

// WithConfig replaces the default configuration.
func WithConfig(cfg Config) Option { return func(s *Surveyor) { s.cfg = cfg } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(s *Surveyor) { s.log = l } }

// WithClock overrides the time source.
func WithClock(now func() time.Time) Option { return func(s *Surveyor) { s.now = now } }

func discardLogger() Logger { return log.New(io.Discard, "", 0) }
