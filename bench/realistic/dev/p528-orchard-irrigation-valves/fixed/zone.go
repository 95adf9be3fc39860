package irrigation

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ValveDriver switches solenoid valves on the irrigation manifold.
type ValveDriver interface {
	Open(ctx context.Context, valve string) error
	Close(ctx context.Context, valve string) error
}

// MoistureSensor reports volumetric soil water content, in percent, for a
// zone.
type MoistureSensor interface {
	Moisture(ctx context.Context, zone string) (float64, error)
}

// Zone is a block of trees fed by one valve.
type Zone struct {
	ID     string
	Valve  string
	Crop   string
	Target float64 // desired soil moisture, percent
	FlowLM float64 // litres per minute through the valve
}

var (
	// ErrUnknownZone is returned for zone ids the controller does not manage.
	ErrUnknownZone = errors.New("irrigation: unknown zone")
	// ErrNotRunning is returned when a zone is not being watered.
	ErrNotRunning = errors.New("irrigation: zone not running")
	// ErrRunLimit is returned when a run would exceed the maximum run time.
	ErrRunLimit = errors.New("irrigation: run time limit exceeded")
)

// zoneState is the live state of one zone.
type zoneState struct {
	Zone

	mu      sync.Mutex
	open    bool
	run     uint64
	started time.Time
	planned time.Duration
	timer   *time.Timer
	litres  float64
	lastErr error
}

// Status is a snapshot of a zone for the farm dashboard.
type Status struct {
	Zone    string
	Open    bool
	Runs    uint64
	Litres  float64
	Planned time.Duration
	LastErr error
}

// CycleReport tells what a watering cycle did for each zone.
type CycleReport struct {
	Started map[string]time.Duration
	Skipped map[string]float64
	Failed  map[string]error
}

func newCycleReport() *CycleReport {
	return &CycleReport{
		Started: make(map[string]time.Duration),
		Skipped: make(map[string]float64),
		Failed:  make(map[string]error),
	}
}
