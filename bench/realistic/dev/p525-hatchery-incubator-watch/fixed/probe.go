package incubator

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Reading is a single sample taken from one incubator tray.
type Reading struct {
	Tray        int
	Temperature float64 // degrees Celsius
	Humidity    float64 // percent relative humidity
	TakenAt     time.Time
}

func (r Reading) String() string {
	return fmt.Sprintf("tray %d: %.2f°C %.1f%%RH", r.Tray, r.Temperature, r.Humidity)
}

// Probe reads the sensor bus of an incubator cabinet.
type Probe interface {
	Read(ctx context.Context, tray int) (Reading, error)
}

// Notifier delivers alarms to the hatchery staff (pager, SMS, dashboard).
type Notifier interface {
	Notify(ctx context.Context, a Alarm) error
}

// NotifierFunc adapts a function to the Notifier interface.
type NotifierFunc func(ctx context.Context, a Alarm) error

// Notify calls f(ctx, a).
func (f NotifierFunc) Notify(ctx context.Context, a Alarm) error { return f(ctx, a) }

var (
	// ErrProbeFailed is returned by Run when the probe keeps failing.
	ErrProbeFailed = errors.New("incubator: probe failed")
	// ErrStopped is reported to watchers once the monitor has been stopped.
	ErrStopped = errors.New("incubator: monitor stopped")
)

// Severity ranks how urgently an alarm needs attention.
type Severity int

const (
	// Clear means the tray is back inside its profile.
	Clear Severity = iota
	// Warning means the tray drifted outside its profile.
	Warning
	// Critical means embryos are at risk and someone must act now.
	Critical
)

func (s Severity) String() string {
	switch s {
	case Clear:
		return "clear"
	case Warning:
		return "warning"
	case Critical:
		return "critical"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// Alarm is raised when a tray leaves the range allowed by its profile.
type Alarm struct {
	Tray     int
	Severity Severity
	Message  string
	Reading  Reading
}

// Profile describes the climate an egg batch needs during one incubation
// phase.
type Profile struct {
	Name          string
	MinTemp       float64
	MaxTemp       float64
	MinHumidity   float64
	MaxHumidity   float64
	CriticalDelta float64 // degrees outside the range that count as critical
}

// Standard profiles for chicken eggs.
var (
	ChickenSetting  = Profile{Name: "chicken/setting", MinTemp: 37.2, MaxTemp: 37.8, MinHumidity: 45, MaxHumidity: 55, CriticalDelta: 0.8}
	ChickenLockdown = Profile{Name: "chicken/lockdown", MinTemp: 36.9, MaxTemp: 37.5, MinHumidity: 65, MaxHumidity: 75, CriticalDelta: 0.8}
)

// Check classifies a reading against the profile.
func (p Profile) Check(r Reading) Alarm {
	a := Alarm{Tray: r.Tray, Reading: r, Severity: Clear}
	switch {
	case r.Temperature < p.MinTemp-p.CriticalDelta || r.Temperature > p.MaxTemp+p.CriticalDelta:
		a.Severity = Critical
		a.Message = fmt.Sprintf("%s: temperature %.2f°C far outside %.1f-%.1f", p.Name, r.Temperature, p.MinTemp, p.MaxTemp)
	case r.Temperature < p.MinTemp || r.Temperature > p.MaxTemp:
		a.Severity = Warning
		a.Message = fmt.Sprintf("%s: temperature %.2f°C outside %.1f-%.1f", p.Name, r.Temperature, p.MinTemp, p.MaxTemp)
	case r.Humidity < p.MinHumidity || r.Humidity > p.MaxHumidity:
		a.Severity = Warning
		a.Message = fmt.Sprintf("%s: humidity %.1f%% outside %.0f-%.0f", p.Name, r.Humidity, p.MinHumidity, p.MaxHumidity)
	}
	return a
}
