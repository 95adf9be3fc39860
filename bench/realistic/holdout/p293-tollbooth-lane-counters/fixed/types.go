// Package lanecount collects per-lane vehicle counters from the detector
// controllers of a toll plaza and publishes interval snapshots upstream.
package lanecount

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// VehicleClass is the toll class assigned by the lane's axle counter.
type VehicleClass int

// Toll classes as reported by the lane controllers.
const (
	ClassMotorcycle VehicleClass = iota + 1
	ClassCar
	ClassTwoAxleTruck
	ClassMultiAxleTruck
	ClassBus
)

func (c VehicleClass) String() string {
	switch c {
	case ClassMotorcycle:
		return "motorcycle"
	case ClassCar:
		return "car"
	case ClassTwoAxleTruck:
		return "truck-2ax"
	case ClassMultiAxleTruck:
		return "truck-multi"
	case ClassBus:
		return "bus"
	default:
		return fmt.Sprintf("class(%d)", int(c))
	}
}

// ErrDeviceOffline is returned by a CounterDevice that cannot be reached.
var ErrDeviceOffline = errors.New("lane device offline")

// ErrCounterRegression means a device reported fewer vehicles than on the
// previous read without having rebooted.
var ErrCounterRegression = errors.New("counter went backwards")

// DeviceCounters are the cumulative counters held by a lane controller
// since it last booted.
type DeviceCounters struct {
	BootID     string
	Classes    map[VehicleClass]uint64
	Violations uint64
}

// CounterDevice is the detector controller installed in a lane.
type CounterDevice interface {
	Counts(ctx context.Context) (DeviceCounters, error)
}

// Sink receives the published snapshots (traffic management center,
// revenue audit, ...).
type Sink interface {
	Publish(ctx context.Context, s Snapshot) error
}

// Lane is one toll lane of the plaza.
type Lane struct {
	ID        string
	Direction string
	Device    CounterDevice
	Closed    bool
}

// LaneCounts holds the vehicles counted in one lane since the previous read.
type LaneCounts struct {
	Lane       string
	Direction  string
	ByClass    map[VehicleClass]int
	Violations int
}

// Total is the number of vehicles of all classes.
func (lc LaneCounts) Total() int {
	n := 0
	for _, v := range lc.ByClass {
		n += v
	}
	return n
}

// Snapshot is the plaza-wide result of one collection pass.
type Snapshot struct {
	Plaza string
	Taken time.Time
	Lanes []LaneCounts
}

// Total is the number of vehicles over all lanes.
func (s Snapshot) Total() int {
	n := 0
	for _, l := range s.Lanes {
		n += l.Total()
	}
	return n
}

func (s Snapshot) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s @%s total=%d", s.Plaza, s.Taken.Format(time.RFC3339), s.Total())
	lanes := append([]LaneCounts(nil), s.Lanes...)
	sort.Slice(lanes, func(i, j int) bool { return lanes[i].Lane < lanes[j].Lane })
	for _, l := range lanes {
		fmt.Fprintf(&b, " %s=%d", l.Lane, l.Total())
	}
	return b.String()
}
