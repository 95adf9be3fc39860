// Package liftqueue estimates lift line lengths and wait times from the RFID
// turnstile counters at each lift and publishes them to the resort's boards.
package liftqueue

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

// ErrUnknownLift is returned for a lift name that is not configured.
var ErrUnknownLift = errors.New("unknown lift")

// ErrNoGateData is returned when every gate of a lift is degraded.
var ErrNoGateData = errors.New("no usable gate data")

// Lift is the static description of a lift and its turnstiles.
type Lift struct {
	Name            string
	CapacityPerHour int
	Gates           []Gate
}

// Config configures a Monitor.
type Config struct {
	Lifts []Lift
	// GateTimeout bounds a single controller read.
	GateTimeout time.Duration
	// Interval is the polling period used by Run.
	Interval time.Duration
	// Smoothing is the EWMA factor applied to the observed loading rate.
	Smoothing float64
	// MaxWait caps the published wait time.
	MaxWait time.Duration
}

// LiftStatus is the published state of one lift line.
type LiftStatus struct {
	Lift      string
	Queue     int
	LoadRate  float64
	Wait      time.Duration
	Degraded  []string
	UpdatedAt time.Time
}

// Publisher pushes lift status to the signage boards and the resort app.
type Publisher interface {
	Publish(ctx context.Context, s LiftStatus) error
}

// Option customises a Monitor.
type Option func(*Monitor)

// WithLogger sets the logger used for degraded gates and publish failures.
func WithLogger(l *log.Logger) Option { return func(m *Monitor) { m.log = l } }

// WithPublisher sets where refreshed statuses are sent.
func WithPublisher(p Publisher) Option { return func(m *Monitor) { m.pub = p } }

// WithClock overrides the wall clock, mostly for tests.
func WithClock(now func() time.Time) Option { return func(m *Monitor) { m.now = now } }

// Monitor polls the gates of every configured lift.
type Monitor struct {
	cfg    Config
	reader GateReader
	pub    Publisher
	log    *log.Logger
	now    func() time.Time
	est    estimator
	lifts  map[string]Lift

	mu     sync.Mutex
	lines  map[string]*lineState
	status map[string]LiftStatus
}

// New validates cfg and returns a Monitor reading gates through reader.
func New(reader GateReader, cfg Config, opts ...Option) (*Monitor, error) {
	if reader == nil {
		return nil, errors.New("liftqueue: nil gate reader")
	}
	if len(cfg.Lifts) == 0 {
		return nil, errors.New("liftqueue: no lifts configured")
	}
	if cfg.GateTimeout <= 0 {
		cfg.GateTimeout = 2 * time.Second
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 30 * time.Second
	}
	if cfg.Smoothing <= 0 || cfg.Smoothing > 1 {
		cfg.Smoothing = 0.3
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 45 * time.Minute
	}
	m := &Monitor{
		cfg:    cfg,
		reader: reader,
		log:    log.New(io.Discard, "", 0),
		now:    time.Now,
		est:    estimator{alpha: cfg.Smoothing, maxWait: cfg.MaxWait},
		lifts:  make(map[string]Lift, len(cfg.Lifts)),
		lines:  make(map[string]*lineState, len(cfg.Lifts)),
		status: make(map[string]LiftStatus, len(cfg.Lifts)),
	}
	for _, l := range cfg.Lifts {
		if l.Name == "" || len(l.Gates) == 0 || l.CapacityPerHour <= 0 {
			return nil, fmt.Errorf("liftqueue: invalid lift %+v", l)
		}
		if _, dup := m.lifts[l.Name]; dup {
			return nil, fmt.Errorf("liftqueue: duplicate lift %q", l.Name)
		}
		m.lifts[l.Name] = l
		m.lines[l.Name] = &lineState{}
	}
	for _, o := range opts {
		o(m)
	}
	return m, nil
}

// Refresh polls the gates of one lift, updates its estimate and publishes it.
func (m *Monitor) Refresh(ctx context.Context, name string) (LiftStatus, error) {
	lift, ok := m.lifts[name]
	if !ok {
		return LiftStatus{}, fmt.Errorf("%w: %q", ErrUnknownLift, name)
	}

	var c counts
	var degraded []string
	results := m.pollGates(ctx, lift.Gates)
	for range lift.Gates {
		res := <-results
		if res.err != nil {
			if errors.Is(res.err, ErrGateOffline) {
				m.log.Printf("lift %s: gate %s offline, skipping", name, res.gate.ID)
				degraded = append(degraded, res.gate.ID)
				continue
			}
			return LiftStatus{}, fmt.Errorf("lift %s: gate %s: %w", name, res.gate.ID, res.err)
		}
		if res.reading.Fault != "" {
			m.log.Printf("lift %s: gate %s fault %q, skipping", name, res.gate.ID, res.reading.Fault)
			degraded = append(degraded, res.gate.ID)
			continue
		}
		switch res.gate.Kind {
		case GateEntry, GateSingles:
			c.entered += res.reading.Scans
		case GateLoading:
			c.loaded += res.reading.Scans
		}
		if res.reading.At.After(c.at) {
			c.at = res.reading.At
		}
	}
	if len(degraded) == len(lift.Gates) {
		return LiftStatus{}, fmt.Errorf("lift %s: %w", name, ErrNoGateData)
	}
	if c.at.IsZero() {
		c.at = m.now()
	}
	sort.Strings(degraded)

	m.mu.Lock()
	queue, rate, wait := m.est.update(m.lines[name], lift, c)
	st := LiftStatus{
		Lift:      name,
		Queue:     queue,
		LoadRate:  rate,
		Wait:      wait,
		Degraded:  degraded,
		UpdatedAt: c.at,
	}
	m.status[name] = st
	m.mu.Unlock()

	if m.pub != nil {
		if err := m.pub.Publish(ctx, st); err != nil {
			m.log.Printf("lift %s: publish: %v", name, err)
		}
	}
	return st, nil
}

// Status returns the last published status of a lift.
func (m *Monitor) Status(name string) (LiftStatus, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.status[name]
	return st, ok
}

// Run refreshes every lift each Interval until ctx is cancelled.
func (m *Monitor) Run(ctx context.Context) error {
	names := make([]string, 0, len(m.lifts))
	for n := range m.lifts {
		names = append(names, n)
	}
	sort.Strings(names)

	t := time.NewTicker(m.cfg.Interval)
	defer t.Stop()
	for {
		for _, n := range names {
			if _, err := m.Refresh(ctx, n); err != nil {
				m.log.Printf("refresh %s: %v", n, err)
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
