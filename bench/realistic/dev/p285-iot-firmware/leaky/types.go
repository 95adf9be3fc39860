package rollout

import (
	"context"
	"errors"
	"time"
)

// Image describes a firmware build that can be pushed to devices.
type Image struct {
	Version string
	URL     string
	SHA256  string
}

// Cohort is a group of devices that receive an update together. A cohort is
// only touched once the previous one has soaked and passed its health gate.
type Cohort struct {
	Name    string
	Devices []string
	// MaxPushFailures is how many devices may reject the image before the
	// rollout is halted.
	MaxPushFailures int
}

// Plan stages one image across an ordered list of cohorts.
type Plan struct {
	ID      string
	Image   Image
	Cohorts []Cohort
}

// Health summarises the devices in a cohort running a firmware version.
type Health struct {
	Reporting int
	Healthy   int
}

// Ratio returns the fraction of reporting devices that are healthy.
func (h Health) Ratio() float64 {
	if h.Reporting == 0 {
		return 0
	}
	return float64(h.Healthy) / float64(h.Reporting)
}

// Fleet pushes firmware to individual devices.
type Fleet interface {
	Push(ctx context.Context, deviceID string, img Image) error
}

// HealthSource reports aggregated device telemetry for a cohort.
type HealthSource interface {
	CohortHealth(ctx context.Context, cohort, version string) (Health, error)
}

// Clock abstracts timers so that soak periods can be controlled in tests.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// State is the lifecycle state of a rollout.
type State int

const (
	StateIdle State = iota
	StateRunning
	StateCompleted
	StateHalted
	StateAborted
)

// EventKind identifies a rollout event delivered to an EventHook.
type EventKind int

const (
	EventCohortStarted EventKind = iota
	EventCohortPassed
	EventHeld
)

// Event is emitted as the rollout progresses.
type Event struct {
	Kind   EventKind
	Plan   string
	Cohort string
}

// EventHook receives rollout events synchronously from the rollout goroutine.
// It must not block and must not call back into the Controller.
type EventHook func(Event)

// Errors returned by the controller.
var (
	ErrAborted         = errors.New("rollout aborted")
	ErrAlreadyStarted  = errors.New("rollout already started")
	ErrInvalidPlan     = errors.New("invalid rollout plan")
	ErrTooManyFailures = errors.New("too many push failures")
	ErrHealthGate      = errors.New("health gate failed")
)
