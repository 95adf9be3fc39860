package pulping

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"sort"
	"sync"
	"time"
)

// Sensor reads stock consistency at a pulper's discharge.
type Sensor interface {
	Consistency(ctx context.Context, pulperID string) (float64, error)
}

// Alarm receives process alarms, for example the DCS alarm list.
type Alarm interface {
	Raise(pulperID, msg string)
}

// Config controls a Mill.
type Config struct {
	// SampleEvery is how often every pulper's consistency is sampled.
	SampleEvery time.Duration
	// DriftTolerance is how far, in percentage points, the measured
	// consistency may be from the mass balance before an alarm is raised.
	DriftTolerance float64
	Sensor         Sensor
	Alarm          Alarm
	Logger         *log.Logger
}

// Mill runs the pulping line: a set of pulpers sampled by one monitor.
type Mill struct {
	cfg Config

	mu      sync.RWMutex
	pulpers map[string]*Pulper

	quit      chan struct{}
	closeOnce sync.Once
}

// NewMill starts monitoring the given pulpers.
func NewMill(cfg Config, pulpers ...*Pulper) (*Mill, error) {
	if cfg.Sensor == nil {
		return nil, errors.New("pulping: a consistency sensor is required")
	}
	if cfg.SampleEvery <= 0 {
		cfg.SampleEvery = 5 * time.Second
	}
	if cfg.DriftTolerance <= 0 {
		cfg.DriftTolerance = 0.5
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	m := &Mill{
		cfg:     cfg,
		pulpers: make(map[string]*Pulper, len(pulpers)),
		quit:    make(chan struct{}),
	}
	for _, p := range pulpers {
		if p.CapacityKg <= 0 || p.MaxConsistency <= p.MinConsistency {
			return nil, fmt.Errorf("pulping: pulper %s is misconfigured", p.ID)
		}
		m.pulpers[p.ID] = p
	}
	go m.monitor()
	return m, nil
}

// Pulper returns the pulper with the given id.
func (m *Mill) Pulper(id string) (*Pulper, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	p, ok := m.pulpers[id]
	return p, ok
}

// Charge routes a batch to a pulper.
func (m *Mill) Charge(pulperID string, b Batch) error {
	p, ok := m.Pulper(pulperID)
	if !ok {
		return fmt.Errorf("pulping: unknown pulper %s", pulperID)
	}
	if err := p.Charge(b); err != nil {
		m.cfg.Logger.Printf("pulping: batch %s refused: %v", b.ID, err)
		return err
	}
	m.cfg.Logger.Printf("pulping: batch %s (%s, %.0f kg) charged to %s", b.ID, b.Furnish, b.FiberKg, pulperID)
	return nil
}

// Close stops the monitor.
func (m *Mill) Close() error {
	m.closeOnce.Do(func() { close(m.quit) })
	return nil
}

func (m *Mill) sorted() []*Pulper {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*Pulper, 0, len(m.pulpers))
	for _, p := range m.pulpers {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (m *Mill) monitor() {
	t := time.NewTicker(m.cfg.SampleEvery)
	defer t.Stop()
	for {
		select {
		case <-m.quit:
			return
		case <-t.C:
			m.sampleAll()
		}
	}
}

func (m *Mill) sampleAll() {
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.SampleEvery)
	defer cancel()
	for _, p := range m.sorted() {
		v, err := m.cfg.Sensor.Consistency(ctx, p.ID)
		if err != nil {
			m.cfg.Logger.Printf("pulping: sampling %s: %v", p.ID, err)
			continue
		}
		st := p.record(Reading{At: time.Now(), Consistency: v})
		if st.State != StateSlushing {
			continue
		}
		if drift := math.Abs(st.Measured - st.Calculated); drift > m.cfg.DriftTolerance {
			msg := fmt.Sprintf("consistency %.2f%% measured, %.2f%% expected", st.Measured, st.Calculated)
			m.cfg.Logger.Printf("pulping: %s: %s", p.ID, msg)
			if m.cfg.Alarm != nil {
				m.cfg.Alarm.Raise(p.ID, msg)
			}
		}
	}
}
