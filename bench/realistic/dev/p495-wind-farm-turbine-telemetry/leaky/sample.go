package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"time"
)

// Sample is one SCADA reading from a turbine controller.
type Sample struct {
	TurbineID    string
	Seq          uint64
	At           time.Time
	WindMS       float64 // hub-height wind speed
	RotorRPM     float64
	PowerKW      float64
	PitchDeg     float64
	NacelleTempC float64
}

// Sink is the downstream historian that stores exported batches.
type Sink interface {
	Export(ctx context.Context, batch []Sample) error
}

var (
	ErrClosed        = errors.New("telemetry: aggregator closed")
	ErrInvalidSample = errors.New("telemetry: invalid sample")
)

// Config tunes the aggregator.
type Config struct {
	// Exporters is the number of concurrent historian writers.
	Exporters int
	// BatchSize is the maximum number of samples per export call.
	BatchSize int
	// QueueCapacity bounds buffered samples; the oldest are dropped first.
	QueueCapacity int
	// MaxRotorRPM rejects readings above the rotor's mechanical limit.
	MaxRotorRPM float64
	// RatedPowerKW rejects readings far above nameplate output.
	RatedPowerKW float64
	// RetryAttempts and RetryBackoff govern failed exports.
	RetryAttempts int
	RetryBackoff  time.Duration
	// ExportTimeout bounds each export call.
	ExportTimeout time.Duration
	Logger        *log.Logger
}

func (c Config) withDefaults() Config {
	if c.Exporters <= 0 {
		c.Exporters = 2
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 50
	}
	if c.QueueCapacity <= 0 {
		c.QueueCapacity = 10_000
	}
	if c.MaxRotorRPM <= 0 {
		c.MaxRotorRPM = 20
	}
	if c.RatedPowerKW <= 0 {
		c.RatedPowerKW = 3_600
	}
	if c.RetryAttempts <= 0 {
		c.RetryAttempts = 3
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 200 * time.Millisecond
	}
	if c.ExportTimeout <= 0 {
		c.ExportTimeout = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	return c
}

func (c Config) validate(s Sample) error {
	switch {
	case s.TurbineID == "":
		return fmt.Errorf("%w: missing turbine ID", ErrInvalidSample)
	case s.At.IsZero():
		return fmt.Errorf("%w: %s seq %d has no timestamp", ErrInvalidSample, s.TurbineID, s.Seq)
	case isBad(s.WindMS) || s.WindMS < 0 || s.WindMS > 80:
		return fmt.Errorf("%w: %s wind speed %.1f m/s", ErrInvalidSample, s.TurbineID, s.WindMS)
	case isBad(s.RotorRPM) || s.RotorRPM < 0 || s.RotorRPM > c.MaxRotorRPM:
		return fmt.Errorf("%w: %s rotor %.1f rpm", ErrInvalidSample, s.TurbineID, s.RotorRPM)
	case isBad(s.PowerKW) || s.PowerKW > c.RatedPowerKW*1.2:
		return fmt.Errorf("%w: %s power %.0f kW", ErrInvalidSample, s.TurbineID, s.PowerKW)
	}
	return nil
}

func isBad(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }

// Health is a point-in-time view of the aggregator for the plant dashboard.
type Health struct {
	Queued        int
	Exporters     int
	IdleExporters int
	Exported      int64
	Failed        int64
	Dropped       int64
	Rejected      int64
	Duplicates    int64
}
