package relay

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Severity ranks a beacon report for the watch officer.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Warning
	Critical
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Critical:
		return "critical"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// LowBatteryVolts is the bank voltage below which a station is flagged.
const LowBatteryVolts = 11.8

// Beacon is a status report from an automated light station.
type Beacon struct {
	Station string
	Region  string
	// Character is the published light characteristic, e.g. "Fl(2) W 10s".
	Character string
	LampOK    bool
	FogSignal bool
	FogFault  bool
	Battery   float64
	At        time.Time
}

// Severity classifies the report.
func (b Beacon) Severity() Severity {
	switch {
	case !b.LampOK:
		return Critical
	case b.FogFault, b.Battery > 0 && b.Battery < LowBatteryVolts:
		return Warning
	}
	return Info
}

// Validate checks that a report is usable before it is relayed.
func (b Beacon) Validate() error {
	var errs []string
	if b.Station == "" {
		errs = append(errs, "missing station")
	}
	if b.Region == "" {
		errs = append(errs, "missing region")
	}
	if b.At.IsZero() {
		errs = append(errs, "missing timestamp")
	}
	if b.Battery < 0 || b.Battery > 30 {
		errs = append(errs, fmt.Sprintf("battery %.1fV out of range", b.Battery))
	}
	if len(errs) > 0 {
		return fmt.Errorf("beacon %q: %w: %s", b.Station, ErrInvalidBeacon, strings.Join(errs, ", "))
	}
	return nil
}

// ErrInvalidBeacon wraps validation failures.
var ErrInvalidBeacon = errors.New("invalid beacon")

// Filter selects the reports a subscriber wants.
type Filter struct {
	Regions     []string
	MinSeverity Severity
}

func (f Filter) match(b Beacon) bool {
	if b.Severity() < f.MinSeverity {
		return false
	}
	if len(f.Regions) == 0 {
		return true
	}
	for _, r := range f.Regions {
		if strings.EqualFold(r, b.Region) {
			return true
		}
	}
	return false
}
