// Package coldchain watches the temperature probes of a pharmacy's
// refrigerators and freezers and raises excursion alerts.
package coldchain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// ErrProbeOffline is returned by a ProbeFeed when a probe's logger has not
// reported to the gateway recently.
var ErrProbeOffline = errors.New("coldchain: probe offline")

// ProductClass determines the storage range of a unit.
type ProductClass string

// Product classes stocked by the pharmacy.
const (
	Vaccines  ProductClass = "vaccines"
	Insulin   ProductClass = "insulin"
	Biologics ProductClass = "biologics"
	Frozen    ProductClass = "frozen"
)

// Range is an allowed temperature band in degrees Celsius.
type Range struct {
	MinC, MaxC float64
}

func (r Range) contains(c float64) bool { return c >= r.MinC && c <= r.MaxC }

var storageRanges = map[ProductClass]Range{
	Vaccines:  {2, 8},
	Insulin:   {2, 8},
	Biologics: {2, 8},
	Frozen:    {-25, -15},
}

// Fridge is one monitored storage unit.
type Fridge struct {
	ID       string
	Location string
	Class    ProductClass
	ProbeID  string
}

// Reading is one temperature sample from a probe logger.
type Reading struct {
	ProbeID string
	At      time.Time
	TempC   float64
	Battery float64 // 0..1
}

// AlertKind classifies alerts.
type AlertKind string

// Alert kinds.
const (
	ExcursionStarted  AlertKind = "excursion-started"
	ExcursionCritical AlertKind = "excursion-critical"
	ExcursionEnded    AlertKind = "excursion-ended"
	LowBattery        AlertKind = "low-battery"
)

// Alert is sent to the pharmacist on duty.
type Alert struct {
	FridgeID string
	Location string
	Kind     AlertKind
	TempC    float64
	At       time.Time
	Duration time.Duration
}

// ProbeFeed streams readings from the wireless probe gateway. The channel is
// closed when ctx is done.
type ProbeFeed interface {
	Readings(ctx context.Context, probeID string) (<-chan Reading, error)
}

// Config describes the monitored units and alerting policy.
type Config struct {
	Fridges []Fridge
	// Grace is how long a unit may stay out of range before the excursion
	// is escalated as critical, e.g. while stock is being loaded.
	Grace time.Duration
	// LowBattery is the battery level under which a probe is reported.
	LowBattery float64
	Logger     *log.Logger
}

type excursion struct {
	start     time.Time
	escalated bool
}

// Monitor evaluates probe readings against each unit's storage range.
type Monitor struct {
	cfg     Config
	feed    ProbeFeed
	log     *log.Logger
	fridges []Fridge

	mu         sync.Mutex
	excursions map[string]*excursion
	batteryLow map[string]bool
	degraded   map[string]error
}

// New validates cfg and returns a Monitor reading from feed.
func New(feed ProbeFeed, cfg Config) (*Monitor, error) {
	if len(cfg.Fridges) == 0 {
		return nil, errors.New("coldchain: no fridges configured")
	}
	seen := make(map[string]bool)
	for _, f := range cfg.Fridges {
		if seen[f.ID] {
			return nil, fmt.Errorf("coldchain: duplicate fridge %q", f.ID)
		}
		if _, ok := storageRanges[f.Class]; !ok {
			return nil, fmt.Errorf("coldchain: fridge %q: unknown class %q", f.ID, f.Class)
		}
		seen[f.ID] = true
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 30 * time.Minute
	}
	if cfg.LowBattery <= 0 {
		cfg.LowBattery = 0.15
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Monitor{
		cfg:        cfg,
		feed:       feed,
		log:        cfg.Logger,
		fridges:    append([]Fridge(nil), cfg.Fridges...),
		excursions: make(map[string]*excursion),
		batteryLow: make(map[string]bool),
		degraded:   make(map[string]error),
	}, nil
}

// Evaluate records r for fridge f and returns the alerts it triggers.
func (m *Monitor) Evaluate(f Fridge, r Reading) []Alert {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.degraded, f.ID)

	var alerts []Alert
	mk := func(k AlertKind, d time.Duration) Alert {
		return Alert{FridgeID: f.ID, Location: f.Location, Kind: k, TempC: r.TempC, At: r.At, Duration: d}
	}

	low := r.Battery < m.cfg.LowBattery
	if low && !m.batteryLow[f.ID] {
		alerts = append(alerts, mk(LowBattery, 0))
	}
	m.batteryLow[f.ID] = low

	exc := m.excursions[f.ID]
	switch inRange := storageRanges[f.Class].contains(r.TempC); {
	case inRange && exc != nil:
		delete(m.excursions, f.ID)
		alerts = append(alerts, mk(ExcursionEnded, r.At.Sub(exc.start)))
	case !inRange && exc == nil:
		m.excursions[f.ID] = &excursion{start: r.At}
		alerts = append(alerts, mk(ExcursionStarted, 0))
	case !inRange && !exc.escalated && r.At.Sub(exc.start) >= m.cfg.Grace:
		exc.escalated = true
		alerts = append(alerts, mk(ExcursionCritical, r.At.Sub(exc.start)))
	}
	return alerts
}

// Degraded lists the units whose probe could not be read, with the reason.
func (m *Monitor) Degraded() map[string]error {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]error, len(m.degraded))
	for id, err := range m.degraded {
		out[id] = err
	}
	return out
}

// OpenExcursions returns the IDs of units currently out of range.
func (m *Monitor) OpenExcursions() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := make([]string, 0, len(m.excursions))
	for id := range m.excursions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (m *Monitor) markDegraded(fridgeID string, err error) {
	m.mu.Lock()
	m.degraded[fridgeID] = err
	m.mu.Unlock()
}
