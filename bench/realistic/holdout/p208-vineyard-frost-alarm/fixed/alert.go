package frostalarm

import (
	"context"
	"fmt"
	"time"
)

// Severity orders alerts from informational to wake-everyone-up.
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
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Kind says why an alert was sent.
type Kind string

// Alert kinds.
const (
	Raised    Kind = "raised"
	Escalated Kind = "escalated"
	Repeated  Kind = "repeated"
	Cleared   Kind = "cleared"
)

// Reading is one temperature sample from a probe in a vineyard block.
type Reading struct {
	Block string
	Probe string
	At    time.Time
	TempC float64
}

// Alert is what notifiers receive.
type Alert struct {
	Block    string
	Severity Severity
	Kind     Kind
	TempC    float64
	Probe    string
	At       time.Time
}

func (a Alert) String() string {
	return fmt.Sprintf("[%s] %s %s: %.1f°C at probe %s (%s)",
		a.Severity, a.Block, a.Kind, a.TempC, a.Probe, a.At.Format("15:04"))
}

// Notifier delivers alerts over one channel: siren, SMS, webhook, ...
type Notifier interface {
	Name() string
	MinSeverity() Severity
	Notify(ctx context.Context, a Alert) error
}

// Feed streams probe readings until ctx is cancelled, then closes the channel.
type Feed interface {
	Subscribe(ctx context.Context) (<-chan Reading, error)
}

// Delivery records the outcome of sending one alert.
type Delivery struct {
	Alert  Alert
	Sent   []string
	Failed map[string]error
}
