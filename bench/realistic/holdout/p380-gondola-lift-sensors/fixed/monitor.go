package gondola

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

var (
	// ErrNoFault is returned when clearing or inspecting a sensor with no fault.
	ErrNoFault = errors.New("gondola: no active fault")
	// ErrInspectionRequired is returned when clearing an uninspected critical fault.
	ErrInspectionRequired = errors.New("gondola: critical fault must be inspected before clearing")
	// ErrShutdownTimeout is returned by Close when polling did not stop in time.
	ErrShutdownTimeout = errors.New("gondola: monitor did not stop in time")
)

// Monitor polls the lift's sensors on a fixed interval and keeps the latest
// readings and the active faults.
type Monitor struct {
	sensors         []Sensor
	limits          map[Kind]Limit
	interval        time.Duration
	shutdownTimeout time.Duration
	audit           func(AuditEvent)
	now             func() time.Time

	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.RWMutex
	latest   map[string]Sample
	faults   map[string]*Fault
	readErrs map[string]int
}

// Option configures a Monitor.
type Option func(*Monitor)

// WithInterval sets the polling interval.
func WithInterval(d time.Duration) Option { return func(m *Monitor) { m.interval = d } }

// WithLimits overrides the thresholds for the given kinds.
func WithLimits(l map[Kind]Limit) Option {
	return func(m *Monitor) {
		for k, v := range l {
			m.limits[k] = v
		}
	}
}

// WithShutdownTimeout bounds how long Close waits for polling to stop.
func WithShutdownTimeout(d time.Duration) Option {
	return func(m *Monitor) { m.shutdownTimeout = d }
}

// WithAudit registers a hook for operator actions.
func WithAudit(fn func(AuditEvent)) Option { return func(m *Monitor) { m.audit = fn } }

// NewMonitor returns a monitor for sensors. Call Start to begin polling.
func NewMonitor(sensors []Sensor, opts ...Option) *Monitor {
	m := &Monitor{
		sensors:         sensors,
		limits:          make(map[Kind]Limit, len(DefaultLimits)),
		interval:        250 * time.Millisecond,
		shutdownTimeout: 5 * time.Second,
		audit:           func(AuditEvent) {},
		now:             time.Now,
		done:            make(chan struct{}),
		latest:          make(map[string]Sample),
		faults:          make(map[string]*Fault),
		readErrs:        make(map[string]int),
	}
	for k, v := range DefaultLimits {
		m.limits[k] = v
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Start begins polling. The sensors are on one field bus, so they are read
// one after another by a single goroutine.
func (m *Monitor) Start(ctx context.Context) {
	ctx, m.cancel = context.WithCancel(ctx)
	go m.run(ctx)
}

func (m *Monitor) run(ctx context.Context) {
	defer close(m.done)
	t := time.NewTicker(m.interval)
	defer t.Stop()
	for {
		m.pollOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (m *Monitor) pollOnce(ctx context.Context) {
	for _, s := range m.sensors {
		v, err := s.Read(ctx)
		m.record(s, v, err)
	}
}

func (m *Monitor) record(s Sensor, v float64, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := s.ID()
	if err != nil {
		m.readErrs[id]++
		return
	}
	now := m.now()
	m.latest[id] = Sample{Sensor: id, Kind: s.Kind(), Value: v, At: now}

	sev := classify(v, m.limits[s.Kind()])
	f := m.faults[id]
	switch {
	case f == nil && sev > Normal:
		m.faults[id] = &Fault{Sensor: id, Kind: s.Kind(), Severity: sev, Peak: v, Since: now}
	case f != nil && sev > f.Severity:
		f.Severity = sev
		f.Inspector = ""
		f.Peak = v
	case f != nil && f.Severity == Warning && sev == Normal:
		delete(m.faults, id)
	case f != nil && v > f.Peak:
		f.Peak = v
	}
}

// Latest returns the most recent sample from sensor id.
func (m *Monitor) Latest(id string) (Sample, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.latest[id]
	return s, ok
}

// Faults returns the active faults ordered by sensor id.
func (m *Monitor) Faults() []Fault {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Fault, 0, len(m.faults))
	for _, f := range m.faults {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Sensor < out[j].Sensor })
	return out
}

// CanRun reports whether the lift may carry passengers.
func (m *Monitor) CanRun() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, f := range m.faults {
		if f.Severity == Critical {
			return false
		}
	}
	return true
}

// Inspect records that a technician has inspected the fault on sensor id.
func (m *Monitor) Inspect(id, technician string) error {
	m.mu.Lock()
	f, ok := m.faults[id]
	if !ok {
		m.mu.Unlock()
		return fmt.Errorf("%w on %s", ErrNoFault, id)
	}
	f.Inspector = technician
	ev := AuditEvent{Action: "inspect", Operator: technician, Fault: *f, At: m.now()}
	m.mu.Unlock()

	m.audit(ev)
	return nil
}

// ClearFault removes the fault on sensor id. Critical faults must have
// been inspected first.
func (m *Monitor) ClearFault(id, operator string) error {
	m.mu.Lock()
	f, ok := m.faults[id]
	if !ok {
		m.mu.Unlock()
		return fmt.Errorf("%w on %s", ErrNoFault, id)
	}
	if f.Severity == Critical && f.Inspector == "" {
		m.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrInspectionRequired, id)
	}
	delete(m.faults, id)
	ev := AuditEvent{Action: "clear", Operator: operator, Fault: *f, At: m.now()}
	m.mu.Unlock()

	m.audit(ev)
	return nil
}

// Close stops polling, waiting at most the shutdown timeout.
func (m *Monitor) Close() error {
	if m.cancel == nil {
		return nil
	}
	m.cancel()
	t := time.NewTimer(m.shutdownTimeout)
	defer t.Stop()
	select {
	case <-m.done:
		return nil
	case <-t.C:
		return ErrShutdownTimeout
	}
}
