// Package dockmon monitors the docking stations of a bike share system. It
// ingests telemetry reported by station controllers, raises alerts when a
// station stops reporting, and plans rebalancing runs for the van crews.
package dockmon

import (
	"context"
	"errors"
	"time"
)

// Station is static information about a docking station, announced by its
// controller when it boots.
type Station struct {
	ID       string
	Name     string
	Zone     string
	Capacity int
	Firmware string
}

// Telemetry is a periodic status report from a station controller.
type Telemetry struct {
	StationID      string
	At             time.Time
	BikesAvailable int
	DocksAvailable int
	DocksFaulted   int
}

// AlertKind classifies alerts.
type AlertKind string

// Alert kinds raised by the monitor.
const (
	AlertOffline   AlertKind = "station_offline"
	AlertRecovered AlertKind = "station_recovered"
)

// Alert is sent to the operations team.
type Alert struct {
	StationID string
	Kind      AlertKind
	At        time.Time
	Message   string
}

// Move is an instruction for a rebalancing van.
type Move struct {
	From  string
	To    string
	Bikes int
}

// Alerter delivers alerts to the on-call channel.
type Alerter interface {
	Notify(ctx context.Context, a Alert) error
}

// Dispatcher hands rebalancing moves to the van crew planning system.
type Dispatcher interface {
	Dispatch(ctx context.Context, m Move) error
}

// Clock abstracts time for the offline watchdog.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

var (
	// ErrUnknownStation is returned for telemetry from an unregistered station.
	ErrUnknownStation = errors.New("dockmon: unknown station")
	// ErrClosed is returned after the monitor has been closed.
	ErrClosed = errors.New("dockmon: monitor closed")
	// ErrInvalidStation is returned when a station announcement is malformed.
	ErrInvalidStation = errors.New("dockmon: invalid station")
)
