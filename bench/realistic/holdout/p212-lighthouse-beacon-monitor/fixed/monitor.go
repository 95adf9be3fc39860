package beacon

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// Probe reads telemetry from a station's lamp controller.
type Probe interface {
	Read(ctx context.Context, stationID string) (Reading, error)
}

// Alerter notifies the coastguard watch of health changes.
type Alerter interface {
	Raise(ctx context.Context, a Alert) error
}

// ErrUnknownStation is returned for station IDs the monitor does not watch.
var ErrUnknownStation = errors.New("beacon: unknown station")

type config struct {
	interval         time.Duration
	readTimeout      time.Duration
	unreachableAfter int
	periodTolerance  float64
	alerter          Alerter
	logger           *log.Logger
}

// Option configures a Monitor.
type Option func(*config)

// WithInterval sets how often all stations are polled.
func WithInterval(d time.Duration) Option { return func(c *config) { c.interval = d } }

// WithReadTimeout bounds a single telemetry read.
func WithReadTimeout(d time.Duration) Option { return func(c *config) { c.readTimeout = d } }

// WithUnreachableAfter sets how many failed reads mark a station unreachable.
func WithUnreachableAfter(n int) Option { return func(c *config) { c.unreachableAfter = n } }

// WithAlerter sets where health changes are reported.
func WithAlerter(a Alerter) Option { return func(c *config) { c.alerter = a } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *config) { c.logger = l } }

// Monitor polls a set of lighthouses and tracks their health.
type Monitor struct {
	cfg      config
	probe    Probe
	stations []Station

	mu     sync.RWMutex
	status map[string]*Status
	sweeps int

	cancel context.CancelFunc
	done   chan struct{}
}

// New starts monitoring stations through probe.
func New(probe Probe, stations []Station, opts ...Option) (*Monitor, error) {
	cfg := config{
		interval:         30 * time.Second,
		readTimeout:      5 * time.Second,
		unreachableAfter: 3,
		periodTolerance:  0.5,
		logger:           log.Default(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if probe == nil {
		return nil, errors.New("beacon: nil probe")
	}
	if cfg.interval <= 0 {
		return nil, fmt.Errorf("beacon: invalid interval %s", cfg.interval)
	}
	m := &Monitor{
		cfg:      cfg,
		probe:    probe,
		stations: append([]Station(nil), stations...),
		status:   make(map[string]*Status, len(stations)),
		done:     make(chan struct{}),
	}
	now := time.Now()
	for _, st := range m.stations {
		if _, dup := m.status[st.ID]; dup {
			return nil, fmt.Errorf("beacon: duplicate station %q", st.ID)
		}
		m.status[st.ID] = &Status{Station: st, Health: Unknown, Since: now}
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	go m.run(ctx)
	return m, nil
}

// Status returns the current view of one station.
func (m *Monitor) Status(id string) (Status, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	st, ok := m.status[id]
	if !ok {
		return Status{}, fmt.Errorf("%w: %q", ErrUnknownStation, id)
	}
	out := *st
	return out, nil
}

// Snapshot returns the status of every station, ordered by ID.
func (m *Monitor) Snapshot() []Status {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Status, 0, len(m.status))
	for _, st := range m.status {
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Station.ID < out[j].Station.ID })
	return out
}

// Shutdown stops polling and waits for the current sweep to finish, or
// for ctx to expire.
func (m *Monitor) Shutdown(ctx context.Context) error {
	m.cancel()
	select {
	case <-m.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("beacon: shutdown: %w", ctx.Err())
	}
}

func (m *Monitor) run(ctx context.Context) {
	defer close(m.done)
	ticker := time.NewTicker(m.cfg.interval)
	defer ticker.Stop()
	m.sweep(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			m.sweep(ctx)
		}
	}
}

type result struct {
	id      string
	reading Reading
	err     error
}

func (m *Monitor) sweep(ctx context.Context) {
	results := make([]result, len(m.stations))
	var wg sync.WaitGroup
	for i, st := range m.stations {
		wg.Add(1)
		go func(i int, id string) {
			defer wg.Done()
			rctx, cancel := context.WithTimeout(ctx, m.cfg.readTimeout)
			defer cancel()
			r, err := m.probe.Read(rctx, id)
			results[i] = result{id: id, reading: r, err: err}
		}(i, st.ID)
	}
	wg.Wait()

	alerts := m.apply(results, time.Now())
	for _, a := range alerts {
		m.cfg.logger.Printf("beacon: %s", a)
		if m.cfg.alerter == nil {
			continue
		}
		if err := m.cfg.alerter.Raise(ctx, a); err != nil {
			m.cfg.logger.Printf("beacon: raise alert for %s: %v", a.StationID, err)
		}
	}
}

func (m *Monitor) apply(results []result, now time.Time) []Alert {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweeps++
	var alerts []Alert
	for _, res := range results {
		st := m.status[res.id]
		health, reason := st.Health, st.Reason
		if res.err != nil {
			st.MissedReads++
			if st.MissedReads >= m.cfg.unreachableAfter {
				health, reason = Unreachable, res.err.Error()
			}
		} else {
			st.MissedReads = 0
			st.Last = res.reading
			health, reason = assess(st.Station, res.reading, m.cfg.periodTolerance)
		}
		if health != st.Health {
			if st.Health != Unknown || health != Nominal {
				alerts = append(alerts, Alert{
					StationID: res.id, Name: st.Station.Name,
					From: st.Health, To: health, Reason: reason, At: now,
				})
			}
			st.Health, st.Since = health, now
		}
		st.Reason = reason
	}
	return alerts
}
