package irrigation

import (
	"context"
	"errors"
	"io"
	"log"
	"time"
)

// SoilType classifies the dominant soil of a block; it drives how much water
// the root zone can hold between field capacity and the wilting point.
type SoilType int

const (
	SoilLoam SoilType = iota
	SoilClay
	SoilSand
	SoilGravel
)

func (s SoilType) String() string {
	switch s {
	case SoilLoam:
		return "loam"
	case SoilClay:
		return "clay"
	case SoilSand:
		return "sand"
	case SoilGravel:
		return "gravel"
	default:
		return "unknown"
	}
}

// Block is a contiguous vineyard block served by a single drip valve.
type Block struct {
	ID        string
	Variety   string
	Hectares  float64
	Soil      SoilType
	ValveID   string
	Emitters  int     // drip emitters per hectare
	EmitterLH float64 // emitter flow in litres per hour
}

// Reading is a soil moisture probe reading for one block.
type Reading struct {
	BlockID string
	VWC     float64 // volumetric water content, percent
	TakenAt time.Time
}

// Forecast is the daily weather outlook used for the plan.
type Forecast struct {
	Day      time.Time
	ET0      float64 // reference evapotranspiration, mm/day
	RainMM   float64
	MaxTempC float64
}

// SensorClient reads the soil probes through the vineyard's telemetry gateway.
type SensorClient interface {
	ReadMoisture(ctx context.Context, blockID string) (Reading, error)
}

// WeatherService provides the daily forecast.
type WeatherService interface {
	Forecast(ctx context.Context, day time.Time) (Forecast, error)
}

var (
	ErrNoBlocks     = errors.New("irrigation: no blocks to plan")
	ErrStaleReading = errors.New("irrigation: soil reading is stale")
	ErrBadBlock     = errors.New("irrigation: invalid block definition")
)

// Config controls how a Planner builds schedules.
type Config struct {
	// Workers is the number of blocks surveyed concurrently.
	Workers int
	// MaxReadingAge rejects probe readings older than this.
	MaxReadingAge time.Duration
	// Deficit is the fraction of full crop evapotranspiration to replace,
	// per variety (regulated deficit irrigation).
	Deficit map[string]float64
	// DefaultDeficit is used for varieties missing from Deficit.
	DefaultDeficit float64
	// MaxRuntime caps how long a single valve may run in one day.
	MaxRuntime time.Duration
	// Logger receives operational messages.
	Logger *log.Logger
}

// Option customises a Config.
type Option func(*Config)

func WithWorkers(n int) Option { return func(c *Config) { c.Workers = n } }

func WithMaxReadingAge(d time.Duration) Option { return func(c *Config) { c.MaxReadingAge = d } }

func WithMaxRuntime(d time.Duration) Option { return func(c *Config) { c.MaxRuntime = d } }

func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithDeficit sets the deficit fraction for one variety.
func WithDeficit(variety string, fraction float64) Option {
	return func(c *Config) {
		if c.Deficit == nil {
			c.Deficit = make(map[string]float64)
		}
		c.Deficit[variety] = fraction
	}
}

func defaultConfig() Config {
	return Config{
		Workers:        4,
		MaxReadingAge:  6 * time.Hour,
		DefaultDeficit: 0.7,
		MaxRuntime:     8 * time.Hour,
		Logger:         log.New(io.Discard, "", 0),
	}
}

func (c Config) deficitFor(variety string) float64 {
	if f, ok := c.Deficit[variety]; ok && f > 0 {
		return f
	}
	return c.DefaultDeficit
}
