package escalator

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// ErrDraining is returned by Sweep once Drain has been called.
var ErrDraining = errors.New("escalator: monitor is draining")

// Option configures a Monitor.
type Option func(*Monitor)

// WithLimits overrides DefaultLimits.
func WithLimits(l Limits) Option {
	return func(m *Monitor) { m.limits = l }
}

// WithProbeTimeout bounds a single sensor read.
func WithProbeTimeout(d time.Duration) Option {
	return func(m *Monitor) { m.probeTimeout = d }
}

// Monitor runs sensor probes and keeps the latest assessment per unit.
type Monitor struct {
	sensor       Sensor
	limits       Limits
	probeTimeout time.Duration

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	cond     *sync.Cond
	inflight int
	draining bool
	latest   map[string]Assessment
	failures map[string]int
}

// NewMonitor returns a Monitor that reads units through sensor.
func NewMonitor(sensor Sensor, opts ...Option) *Monitor {
	m := &Monitor{
		sensor:       sensor,
		limits:       DefaultLimits,
		probeTimeout: 10 * time.Second,
		latest:       make(map[string]Assessment),
		failures:     make(map[string]int),
	}
	m.cond = sync.NewCond(&m.mu)
	m.ctx, m.cancel = context.WithCancel(context.Background())
	for _, opt := range opts {
		opt(m)
	}
	return m
}

// Sweep starts one probe per unit and returns without waiting for them.
func (m *Monitor) Sweep(units []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.draining {
		return ErrDraining
	}
	for _, u := range units {
		m.inflight++
		go m.probe(u)
	}
	return nil
}

func (m *Monitor) probe(unit string) {
	ctx, cancel := context.WithTimeout(m.ctx, m.probeTimeout)
	defer cancel()
	r, err := m.sensor.Read(ctx, unit)

	m.mu.Lock()
	defer m.mu.Unlock()
	m.inflight--
	if err != nil {
		m.failures[unit]++
		if m.failures[unit] >= 3 {
			m.latest[unit] = Assessment{Unit: unit, Condition: ConditionUnknown, Findings: []string{err.Error()}}
		}
		return
	}
	if r.Unit == "" {
		r.Unit = unit
	}
	m.failures[unit] = 0
	m.latest[unit] = m.limits.Assess(r)
	m.cond.Broadcast()
}

// Status returns the latest assessment of every unit, sorted by unit.
func (m *Monitor) Status() []Assessment {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Assessment, 0, len(m.latest))
	for _, a := range m.latest {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Unit < out[j].Unit })
	return out
}

// Failures returns how many consecutive reads of unit have failed.
func (m *Monitor) Failures(unit string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.failures[unit]
}

// OutOfService lists the units that must be stopped.
func (m *Monitor) OutOfService() []string {
	var out []string
	for _, a := range m.Status() {
		if a.Condition == ConditionOutOfService {
			out = append(out, a.Unit)
		}
	}
	return out
}

// Drain stops new sweeps, cancels in-flight probes and waits for them to
// finish, or for ctx to expire.
func (m *Monitor) Drain(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.draining = true
		m.cancel()
		for m.inflight > 0 {
			m.cond.Wait() // leak: failed probe never broadcasts
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
