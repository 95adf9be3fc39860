package brinepans

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// PanID names an evaporation or crystallizer pan, e.g. "C3" or "X1".
type PanID string

// Stage is the position of a pan in the evaporation train.
type Stage int

const (
	StageConcentrator Stage = iota + 1
	StageCrystallizer
)

func (s Stage) String() string {
	switch s {
	case StageConcentrator:
		return "concentrator"
	case StageCrystallizer:
		return "crystallizer"
	default:
		return fmt.Sprintf("stage(%d)", int(s))
	}
}

// Pan describes one pan of the works as laid out on the site plan.
type Pan struct {
	ID    PanID
	Stage Stage
	// Next is the pan that receives this pan's brine once it reaches
	// TargetBaume. Crystallizers have no Next.
	Next        PanID
	TargetBaume float64
}

// Reading is one sample taken by a field gauge.
type Reading struct {
	Pan     PanID
	Baume   float64
	TempC   float64
	DepthCM float64
	TakenAt time.Time
}

// Gauge is the telemetry gateway that samples brine in a pan.
type Gauge interface {
	Sample(ctx context.Context, pan PanID) (Reading, error)
}

// ErrGaugeOffline is returned by a Gauge when the pan's probe does not
// answer; the planner skips such pans instead of failing the survey.
var ErrGaugeOffline = errors.New("brinepans: gauge offline")

// Config tunes a Planner.
type Config struct {
	SamplesPerPan int
	SampleTimeout time.Duration
	// RefTempC is the temperature hydrometer readings are corrected to.
	RefTempC float64
	// TempCoeff is the Baumé correction per degree Celsius above RefTempC.
	TempCoeff    float64
	MinDepthCM   float64
	HarvestBaume float64
	BitternBaume float64
	Logger       *log.Logger
}

// Option changes the default Config.
type Option func(*Config)

func WithSamplesPerPan(n int) Option { return func(c *Config) { c.SamplesPerPan = n } }

func WithSampleTimeout(d time.Duration) Option { return func(c *Config) { c.SampleTimeout = d } }

func WithMinDepth(cm float64) Option { return func(c *Config) { c.MinDepthCM = cm } }

func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

func defaultConfig() Config {
	return Config{
		SamplesPerPan: 3,
		SampleTimeout: 2 * time.Second,
		RefTempC:      15.5,
		TempCoeff:     0.05,
		MinDepthCM:    8,
		HarvestBaume:  25.7,
		BitternBaume:  29.0,
		Logger:        log.New(io.Discard, "", 0),
	}
}

func (c Config) validate() error {
	if c.SamplesPerPan < 1 {
		return fmt.Errorf("brinepans: SamplesPerPan must be positive, got %d", c.SamplesPerPan)
	}
	if c.HarvestBaume >= c.BitternBaume {
		return fmt.Errorf("brinepans: harvest density %.1f must be below bittern density %.1f",
			c.HarvestBaume, c.BitternBaume)
	}
	if c.Logger == nil {
		return errors.New("brinepans: nil logger")
	}
	return nil
}
