// Package waterquality samples the water chemistry probes of a public
// aquarium's tanks, keeps a rolling window of readings per tank and raises
// alerts when a parameter leaves its limits.
package waterquality

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

var (
	ErrUnknownTank = errors.New("waterquality: unknown tank")
	ErrNoData      = errors.New("waterquality: no samples yet")
)

// Sample is one reading of all probes in a tank.
type Sample struct {
	At         time.Time
	TempC      float64
	PH         float64
	AmmoniaPPM float64
	NitritePPM float64
	NitratePPM float64
}

// Probe reads the probes installed in a tank.
type Probe interface {
	Read(ctx context.Context, tank string) (Sample, error)
}

// Alert reports a parameter leaving, or returning within, its limits.
type Alert struct {
	Tank      string
	Parameter string
	Value     float64
	Limit     float64
	At        time.Time
	Cleared   bool
}

func (a Alert) String() string {
	if a.Cleared {
		return fmt.Sprintf("%s: %s back within limits (%.2f)", a.Tank, a.Parameter, a.Value)
	}
	return fmt.Sprintf("%s: %s %.2f beyond limit %.2f", a.Tank, a.Parameter, a.Value, a.Limit)
}

// AlertSink delivers alerts to the husbandry team.
type AlertSink interface {
	Alert(ctx context.Context, a Alert) error
}

// TankConfig describes one tank.
type TankConfig struct {
	ID     string
	Limits Limits
	Window int
}

// Config describes a Monitor.
type Config struct {
	Tanks     []TankConfig
	Interval  time.Duration
	StopGrace time.Duration
	Logger    *log.Logger
}

// Monitor samples every configured tank on a fixed interval.
type Monitor struct {
	cfg    Config
	probe  Probe
	alerts AlertSink
	tanks  map[string]*tank
	order  []string

	cancel context.CancelFunc
	done   chan struct{}
}

// New validates cfg and starts sampling immediately.
func New(cfg Config, probe Probe, alerts AlertSink) (*Monitor, error) {
	if len(cfg.Tanks) == 0 {
		return nil, errors.New("waterquality: no tanks configured")
	}
	if probe == nil || alerts == nil {
		return nil, errors.New("waterquality: probe and alert sink are required")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Minute
	}
	if cfg.StopGrace <= 0 {
		cfg.StopGrace = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	m := &Monitor{
		cfg:    cfg,
		probe:  probe,
		alerts: alerts,
		tanks:  make(map[string]*tank, len(cfg.Tanks)),
		done:   make(chan struct{}),
	}
	for _, tc := range cfg.Tanks {
		if _, dup := m.tanks[tc.ID]; dup {
			return nil, fmt.Errorf("waterquality: tank %q configured twice", tc.ID)
		}
		if err := tc.Limits.validate(); err != nil {
			return nil, fmt.Errorf("waterquality: tank %q: %w", tc.ID, err)
		}
		m.tanks[tc.ID] = newTank(tc)
		m.order = append(m.order, tc.ID)
	}
	sort.Strings(m.order)

	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	go m.run(ctx)
	return m, nil
}

// Close stops sampling. It waits up to StopGrace for a sampling round in
// progress to finish.
func (m *Monitor) Close() {
	m.cancel()
	select {
	case <-m.done:
	case <-time.After(m.cfg.StopGrace):
		m.cfg.Logger.Printf("waterquality: sampler still busy after %s, not waiting", m.cfg.StopGrace)
	}
}

func (m *Monitor) run(ctx context.Context) {
	defer close(m.done)
	ticker := time.NewTicker(m.cfg.Interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			m.sampleAll(ctx)
		}
	}
}

func (m *Monitor) sampleAll(ctx context.Context) {
	for _, id := range m.order {
		if ctx.Err() != nil {
			return
		}
		t := m.tanks[id]
		s, err := m.probe.Read(ctx, id)
		if err != nil {
			t.probeFailed()
			m.cfg.Logger.Printf("waterquality: reading %s: %v", id, err)
			continue
		}
		if s.At.IsZero() {
			s.At = time.Now()
		}
		for _, a := range t.record(s) {
			if err := m.alerts.Alert(ctx, a); err != nil {
				m.cfg.Logger.Printf("waterquality: delivering alert %q: %v", a, err)
			}
		}
	}
}

// SetMaintenance suppresses alerts for a tank during husbandry work such as
// a water change, or lifts the suppression when on is false.
func (m *Monitor) SetMaintenance(id string, on bool, reason string) error {
	t, ok := m.tanks[id]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownTank, id)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.maintenance = on
	t.maintenanceReason = reason
	t.maintenanceSince = time.Now()
	if on {
		t.breached = make(map[string]bool)
	}
	m.cfg.Logger.Printf("waterquality: %s maintenance=%v (%s)", id, on, reason)
	return nil
}
