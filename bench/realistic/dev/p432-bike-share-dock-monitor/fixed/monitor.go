package dockmon

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Config tunes the monitor.
type Config struct {
	// OfflineAfter is how long a station may stay silent before it is
	// reported offline. Controllers report every minute.
	OfflineAfter time.Duration
	// TargetFill is the share of docks that should hold a bike after
	// rebalancing, between 0 and 1.
	TargetFill float64
	// MinMove is the smallest number of bikes worth sending a van for.
	MinMove int
	// AlertTimeout bounds each call to the Alerter.
	AlertTimeout time.Duration
	// Clock defaults to the wall clock.
	Clock Clock
}

// Monitor tracks the live state of every registered station.
type Monitor struct {
	cfg    Config
	alerts Alerter

	mu       sync.Mutex
	stations map[string]*stationState
	closed   bool
}

type stationState struct {
	info     Station
	last     Telemetry
	reported bool
	online   bool
	beats    chan struct{}
}

// New returns a Monitor that sends alerts to alerts.
func New(alerts Alerter, cfg Config) *Monitor {
	if cfg.OfflineAfter <= 0 {
		cfg.OfflineAfter = 5 * time.Minute
	}
	if cfg.TargetFill <= 0 || cfg.TargetFill > 1 {
		cfg.TargetFill = 0.5
	}
	if cfg.MinMove <= 0 {
		cfg.MinMove = 3
	}
	if cfg.AlertTimeout <= 0 {
		cfg.AlertTimeout = 10 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	return &Monitor{cfg: cfg, alerts: alerts, stations: make(map[string]*stationState)}
}

// Register adds a station, or updates it when its controller announces
// itself again after a reboot or firmware upgrade. The last telemetry of a
// known station is kept.
func (m *Monitor) Register(st Station) error {
	if st.ID == "" || st.Capacity <= 0 {
		return fmt.Errorf("station %q capacity %d: %w", st.ID, st.Capacity, ErrInvalidStation)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	s := &stationState{info: st, online: true, beats: make(chan struct{}, 1)}
	if old, ok := m.stations[st.ID]; ok {
		s.last, s.reported = old.last, old.reported
		close(old.beats) // stop the previous watchdog
	}
	m.stations[st.ID] = s
	go m.watch(s)
	return nil
}

// Ingest records a telemetry report and resets the station's watchdog.
func (m *Monitor) Ingest(t Telemetry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	s, ok := m.stations[t.StationID]
	if !ok {
		return fmt.Errorf("telemetry for %q: %w", t.StationID, ErrUnknownStation)
	}
	if t.At.Before(s.last.At) {
		return nil // out-of-order report from a retransmit
	}
	s.last, s.reported = t, true
	select {
	case s.beats <- struct{}{}:
	default: // watchdog already has a pending beat
	}
	return nil
}

// Close stops all watchdogs. The monitor cannot be reused.
func (m *Monitor) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	m.closed = true
	for _, s := range m.stations {
		close(s.beats)
	}
}

// watch raises an alert when a station goes quiet for OfflineAfter, and
// another when it starts reporting again. It exits when beats is closed.
func (m *Monitor) watch(s *stationState) {
	for {
		select {
		case _, ok := <-s.beats:
			if !ok {
				return
			}
			m.setOnline(s, true)
		case <-m.cfg.Clock.After(m.cfg.OfflineAfter):
			m.setOnline(s, false)
		}
	}
}

func (m *Monitor) setOnline(s *stationState, online bool) {
	m.mu.Lock()
	if s.online == online {
		m.mu.Unlock()
		return
	}
	s.online = online
	a := Alert{StationID: s.info.ID, At: m.cfg.Clock.Now()}
	if online {
		a.Kind = AlertRecovered
		a.Message = fmt.Sprintf("%s is reporting again", s.info.Name)
	} else {
		a.Kind = AlertOffline
		a.Message = fmt.Sprintf("%s has not reported for %s", s.info.Name, m.cfg.OfflineAfter)
	}
	m.mu.Unlock()

	if m.alerts == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.AlertTimeout)
	defer cancel()
	_ = m.alerts.Notify(ctx, a) // the alerter retries and logs on its own
}

// StationStatus is a point-in-time view of one station.
type StationStatus struct {
	Station   Station
	Online    bool
	Telemetry Telemetry
	Reported  bool
}

// Snapshot returns the status of all stations, ordered by ID.
func (m *Monitor) Snapshot() []StationStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]StationStatus, 0, len(m.stations))
	for _, s := range m.stations {
		out = append(out, StationStatus{Station: s.info, Online: s.online, Telemetry: s.last, Reported: s.reported})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Station.ID < out[j].Station.ID })
	return out
}
