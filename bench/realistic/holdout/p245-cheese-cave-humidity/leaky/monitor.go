package cave

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config controls how a Monitor samples and regulates the cave.
type Config struct {
	// Interval between two sampling rounds.
	Interval time.Duration
	// Window is the number of samples kept per zone for smoothing.
	Window int
	// TargetRH is the desired relative humidity in percent. Washed-rind
	// cheeses want 92-95%, natural rinds closer to 85%.
	TargetRH float64
	// Band is the hysteresis around TargetRH before an actuator switches.
	Band float64
	// MaxConsecutiveFaults is how many failed reads in a row a probe may
	// produce before the monitor gives up and reports the cave unsafe.
	MaxConsecutiveFaults int
	// ReadTimeout bounds a single probe read.
	ReadTimeout time.Duration
	Logger      *log.Logger
}

func (c *Config) setDefaults() {
	if c.Interval <= 0 {
		c.Interval = 30 * time.Second
	}
	if c.Window <= 0 {
		c.Window = 10
	}
	if c.TargetRH == 0 {
		c.TargetRH = 92
	}
	if c.Band <= 0 {
		c.Band = 2
	}
	if c.MaxConsecutiveFaults <= 0 {
		c.MaxConsecutiveFaults = 3
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 2 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

// Monitor samples every probe in the cave, keeps a smoothed view of each
// zone and switches misting or drying on when a zone leaves its band.
type Monitor struct {
	cfg     Config
	sensors []Sensor
	act     Actuator

	mu      sync.Mutex
	windows map[string]*window
	modes   map[string]Mode
	faults  map[string]int
	rejects int
}

// New builds a Monitor. At least one sensor is required.
func New(cfg Config, act Actuator, sensors ...Sensor) (*Monitor, error) {
	if act == nil {
		return nil, errors.New("cave: nil actuator")
	}
	if len(sensors) == 0 {
		return nil, errors.New("cave: no sensors configured")
	}
	cfg.setDefaults()
	m := &Monitor{
		cfg:     cfg,
		sensors: sensors,
		act:     act,
		windows: make(map[string]*window),
		modes:   make(map[string]Mode),
		faults:  make(map[string]int),
	}
	for _, s := range sensors {
		if _, ok := m.windows[s.Zone()]; !ok {
			m.windows[s.Zone()] = newWindow(cfg.Window)
		}
	}
	return m, nil
}

// Run samples the cave until ctx is done or a probe keeps failing.
func (m *Monitor) Run(ctx context.Context) error {
	readings := make(chan Reading, len(m.sensors))
	done := make(chan struct{})
	go m.aggregate(readings, done)

	ticker := time.NewTicker(m.cfg.Interval)
	defer ticker.Stop()

	m.cfg.Logger.Printf("cave monitor: %d sensors, target %.0f%%RH ±%.0f", len(m.sensors), m.cfg.TargetRH, m.cfg.Band)
	for {
		select {
		case <-ctx.Done():
			close(readings)
			<-done
			return nil
		case <-ticker.C:
			if err := m.sample(ctx, readings); err != nil {
				return fmt.Errorf("cave monitor: %w", err)
			}
			if err := m.regulate(ctx); err != nil {
				m.cfg.Logger.Printf("cave monitor: regulate: %v", err)
			}
		}
	}
}

// sample reads every probe once and forwards the valid readings.
func (m *Monitor) sample(ctx context.Context, out chan<- Reading) error {
	for _, s := range m.sensors {
		rctx, cancel := context.WithTimeout(ctx, m.cfg.ReadTimeout)
		r, err := s.Read(rctx)
		cancel()
		if err != nil {
			n := m.recordFault(s.ID())
			m.cfg.Logger.Printf("cave monitor: probe %s: %v (%d in a row)", s.ID(), err, n)
			if n >= m.cfg.MaxConsecutiveFaults {
				return fmt.Errorf("probe %s in zone %s: %d consecutive faults: %w", s.ID(), s.Zone(), n, err)
			}
			continue
		}
		m.clearFault(s.ID())
		if r.Zone == "" {
			r.Zone = s.Zone()
		}
		if r.At.IsZero() {
			r.At = time.Now()
		}
		out <- r
	}
	return nil
}

// aggregate folds readings into the per-zone windows.
func (m *Monitor) aggregate(in <-chan Reading, done chan<- struct{}) {
	defer close(done)
	for r := range in { // leak: channel is never closed when Run returns on a probe error
		if !r.Valid() {
			m.mu.Lock()
			m.rejects++
			m.mu.Unlock()
			m.cfg.Logger.Printf("cave monitor: rejecting implausible reading %s", r)
			continue
		}
		m.mu.Lock()
		w, ok := m.windows[r.Zone]
		if !ok {
			w = newWindow(m.cfg.Window)
			m.windows[r.Zone] = w
		}
		w.add(r.RelHumidity, r.At)
		m.mu.Unlock()
	}
}

// regulate compares each zone's median with the target band and switches
// actuators accordingly.
func (m *Monitor) regulate(ctx context.Context) error {
	var errs []error
	for _, st := range m.Snapshot() {
		if st.Samples == 0 {
			continue
		}
		want := m.decide(st)
		if want == st.Mode {
			continue
		}
		if err := m.apply(ctx, st.Zone, want); err != nil {
			errs = append(errs, fmt.Errorf("zone %s: %w", st.Zone, err))
			continue
		}
		m.mu.Lock()
		m.modes[st.Zone] = want
		m.mu.Unlock()
		m.cfg.Logger.Printf("cave monitor: zone %s %s -> %s (median %.1f%%RH)", st.Zone, st.Mode, want, st.Median)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d zone(s) failed to switch, first: %w", len(errs), errs[0])
	}
	return nil
}

func (m *Monitor) decide(st ZoneStats) Mode {
	lo, hi := m.cfg.TargetRH-m.cfg.Band, m.cfg.TargetRH+m.cfg.Band
	switch {
	case st.Median < lo:
		return ModeMisting
	case st.Median > hi:
		return ModeDrying
	case st.Mode == ModeMisting && st.Median >= m.cfg.TargetRH:
		return ModeIdle
	case st.Mode == ModeDrying && st.Median <= m.cfg.TargetRH:
		return ModeIdle
	default:
		return st.Mode
	}
}

func (m *Monitor) apply(ctx context.Context, zone string, mode Mode) error {
	if err := m.act.SetMisting(ctx, zone, mode == ModeMisting); err != nil {
		return err
	}
	return m.act.SetDehumidifier(ctx, zone, mode == ModeDrying)
}

// Snapshot returns the smoothed state of every zone.
func (m *Monitor) Snapshot() map[string]ZoneStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]ZoneStats, len(m.windows))
	for zone, w := range m.windows {
		st := summarize(zone, w)
		st.Mode = m.modes[zone]
		out[zone] = st
	}
	return out
}

func (m *Monitor) recordFault(id string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults[id]++
	return m.faults[id]
}

func (m *Monitor) clearFault(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.faults, id)
}
