package telemetry

import (
	"fmt"
	"sync"
	"time"
)

// Severity grades an alert.
type Severity int

// Alert severities.
const (
	Warning Severity = iota + 1
	Critical
)

func (s Severity) String() string {
	if s == Critical {
		return "critical"
	}
	return "warning"
}

// Alert reports a reading outside its safe band.
type Alert struct {
	Reading  Reading
	Severity Severity
	Message  string
}

// Notifier delivers alerts to farm staff.
type Notifier interface {
	Notify(Alert) error
}

// Band is the acceptable range of a metric. Readings outside
// [Low, High] raise a warning; readings outside [Low-Margin, High+Margin]
// are critical.
type Band struct {
	Low, High, Margin float64
}

// DefaultBands are reasonable limits for Pacific oyster grow-out.
var DefaultBands = map[Metric]Band{
	WaterTemp:       {Low: 4, High: 24, Margin: 3},
	Salinity:        {Low: 18, High: 35, Margin: 4},
	DissolvedOxygen: {Low: 5, High: 14, Margin: 2},
}

// MonitorOption configures a Monitor.
type MonitorOption func(*Monitor)

// WithBands replaces the default bands.
func WithBands(b map[Metric]Band) MonitorOption {
	return func(m *Monitor) { m.bands = b }
}

// WithCooldown suppresses repeat alerts for the same buoy and metric
// within d.
func WithCooldown(d time.Duration) MonitorOption {
	return func(m *Monitor) { m.cooldown = d }
}

// Monitor watches a lease's readings and raises alerts for readings
// outside their band.
type Monitor struct {
	lease    string
	notifier Notifier
	bands    map[Metric]Band
	cooldown time.Duration

	mu       sync.Mutex
	sub      *Subscription
	lastSent map[string]time.Time
	failures int
}

// NewMonitor returns a monitor for the given lease.
func NewMonitor(lease string, n Notifier, opts ...MonitorOption) *Monitor {
	m := &Monitor{
		lease:    lease,
		notifier: n,
		bands:    DefaultBands,
		cooldown: 15 * time.Minute,
		lastSent: make(map[string]time.Time),
	}
	for _, opt := range opts {
		opt(m)
	}
	return m
}

// Start subscribes to the hub and begins evaluating readings.
func (m *Monitor) Start(h *Hub) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sub != nil {
		return fmt.Errorf("telemetry: monitor for %s already started", m.lease)
	}
	sub, err := h.Subscribe(ForLease(m.lease))
	if err != nil {
		return err
	}
	m.sub = sub
	go m.run(sub)
	return nil
}

// Stop ends the monitor's subscription. Readings already buffered are
// still evaluated.
func (m *Monitor) Stop() {
	m.mu.Lock()
	sub := m.sub
	m.sub = nil
	m.mu.Unlock()
	if sub != nil {
		sub.Cancel()
	}
}

// NotifyFailures reports how many alerts the notifier failed to deliver.
func (m *Monitor) NotifyFailures() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.failures
}

func (m *Monitor) run(sub *Subscription) {
	for r := range sub.C() { // leak: Cancel never closes the channel
		alert, ok := m.evaluate(r)
		if !ok {
			continue
		}
		if err := m.notifier.Notify(alert); err != nil {
			m.mu.Lock()
			m.failures++
			m.mu.Unlock()
		}
	}
}

func (m *Monitor) evaluate(r Reading) (Alert, bool) {
	band, ok := m.bands[r.Metric]
	if !ok {
		return Alert{}, false
	}
	var sev Severity
	switch {
	case r.Value < band.Low-band.Margin || r.Value > band.High+band.Margin:
		sev = Critical
	case r.Value < band.Low || r.Value > band.High:
		sev = Warning
	default:
		return Alert{}, false
	}

	key := r.Buoy + "/" + string(r.Metric)
	m.mu.Lock()
	last, seen := m.lastSent[key]
	if seen && sev != Critical && r.At.Sub(last) < m.cooldown {
		m.mu.Unlock()
		return Alert{}, false
	}
	m.lastSent[key] = r.At
	m.mu.Unlock()

	return Alert{
		Reading:  r,
		Severity: sev,
		Message: fmt.Sprintf("%s %s on %s: %.2f outside %.2f..%.2f",
			sev, r.Metric, r.Buoy, r.Value, band.Low, band.High),
	}, true
}
