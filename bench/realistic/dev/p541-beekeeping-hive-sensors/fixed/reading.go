package hive

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Metric identifies what a hive sensor measures.
type Metric string

// Metrics reported by the gateway firmware.
const (
	Temperature Metric = "temperature" // brood-nest temperature, °C
	Humidity    Metric = "humidity"    // relative humidity, %
	Weight      Metric = "weight"      // total hive weight, kg
)

// Reading is a single sample forwarded by a hive gateway.
type Reading struct {
	HiveID string
	Sensor string
	Metric Metric
	Value  float64
	At     time.Time
}

func (r Reading) validate() error {
	if r.HiveID == "" {
		return errors.New("hive: reading without hive id")
	}
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return fmt.Errorf("hive: %s/%s: invalid value %v", r.HiveID, r.Sensor, r.Value)
	}
	switch r.Metric {
	case Temperature, Humidity, Weight:
	default:
		return fmt.Errorf("hive: %s/%s: unknown metric %q", r.HiveID, r.Sensor, r.Metric)
	}
	if r.At.IsZero() {
		return fmt.Errorf("hive: %s/%s: reading without timestamp", r.HiveID, r.Sensor)
	}
	return nil
}

// Thresholds bound what is considered normal for a colony.
type Thresholds struct {
	MinBroodTemp float64 // below this the brood is chilled
	MaxBroodTemp float64 // above this the colony is overheating
	MaxHumidity  float64 // above this condensation and mould set in
	SwarmDropKg  float64 // sudden weight loss within the window
}

// DefaultThresholds are the values used for hives without an override.
var DefaultThresholds = Thresholds{
	MinBroodTemp: 32,
	MaxBroodTemp: 36.5,
	MaxHumidity:  75,
	SwarmDropKg:  1.5,
}

// HiveInfo is what the apiary registry knows about a hive.
type HiveInfo struct {
	ID         string
	Apiary     string
	Thresholds *Thresholds
}

// Registry resolves hive metadata. Implementations usually call the
// apiary management API.
type Registry interface {
	Lookup(ctx context.Context, hiveID string) (HiveInfo, error)
}

// Alert is raised when a hive leaves its normal operating range.
type Alert struct {
	HiveID  string
	Apiary  string
	Kind    string
	Value   float64
	At      time.Time
	Message string
}

// AlertSink delivers alerts to the beekeeper (SMS, push, e-mail...).
type AlertSink interface {
	Raise(ctx context.Context, a Alert) error
}

// Errors returned by the monitor.
var (
	ErrUnknownHive = errors.New("hive: unknown hive")
	ErrClosed      = errors.New("hive: monitor closed")
)
