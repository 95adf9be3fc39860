package hivescale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Logger is the subset of *log.Logger the monitor uses.
type Logger interface {
	Printf(format string, args ...any)
}

// Config tunes how readings are fetched and judged.
type Config struct {
	PageSize       int
	FetchTimeout   time.Duration
	Limits         Limits
	SwarmDropKg    float64
	SwarmWindow    time.Duration
	RobbingDropKg  float64
	RobbingSamples int
}

// DefaultConfig returns settings that work for most apiaries.
func DefaultConfig() Config {
	return Config{
		PageSize:       96,
		FetchTimeout:   10 * time.Second,
		Limits:         DefaultLimits,
		SwarmDropKg:    1.5,
		SwarmWindow:    2 * time.Hour,
		RobbingDropKg:  0.2,
		RobbingSamples: 4,
	}
}

// Option changes the monitor configuration.
type Option func(*Monitor)

// WithLogger sets where the monitor reports skipped readings.
func WithLogger(l Logger) Option { return func(m *Monitor) { m.log = l } }

// WithPageSize sets how many readings are fetched per request.
func WithPageSize(n int) Option { return func(m *Monitor) { m.cfg.PageSize = n } }

// WithLimits replaces the plausibility limits.
func WithLimits(l Limits) Option { return func(m *Monitor) { m.cfg.Limits = l } }

// WithSwarmThreshold sets the weight drop, within window, reported as a swarm.
func WithSwarmThreshold(dropKg float64, window time.Duration) Option {
	return func(m *Monitor) {
		m.cfg.SwarmDropKg = dropKg
		m.cfg.SwarmWindow = window
	}
}

// Monitor assesses hives from their scale logs.
type Monitor struct {
	scale Scale
	cfg   Config
	log   Logger
}

// New returns a Monitor reading from scale.
func New(scale Scale, opts ...Option) (*Monitor, error) {
	if scale == nil {
		return nil, errors.New("hivescale: nil scale")
	}
	m := &Monitor{
		scale: scale,
		cfg:   DefaultConfig(),
		log:   log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(m)
	}
	if m.cfg.PageSize <= 0 {
		return nil, fmt.Errorf("hivescale: page size %d", m.cfg.PageSize)
	}
	if m.cfg.FetchTimeout <= 0 {
		m.cfg.FetchTimeout = DefaultConfig().FetchTimeout
	}
	return m, nil
}

// Assess reads the scale log of hiveID from since onwards and summarises it.
func (m *Monitor) Assess(ctx context.Context, hiveID string, since time.Time) (Assessment, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	a := Assessment{HiveID: hiveID}
	f := m.stream(ctx, hiveID, since)

	var (
		window     []Reading
		prev       Reading
		haveFirst  bool
		dropStreak int
	)
	for r := range f.C {
		if err := m.cfg.Limits.check(r); err != nil {
			if errors.Is(err, ErrSensorFault) {
				return a, fmt.Errorf("hive %s: %w", hiveID, err)
			}
			a.Skipped++
			m.log.Printf("hive %s: skipping reading at %s: %v", hiveID, r.At.Format(time.RFC3339), err)
			continue
		}
		if !haveFirst {
			a.From, a.StartKg = r.At, r.WeightKg
			prev = r
			haveFirst = true
		}
		a.Samples++
		a.To, a.EndKg = r.At, r.WeightKg
		if r.BatteryV > 0 && r.BatteryV < m.cfg.Limits.LowBatteryV {
			a.LowBattery = true
		}

		if d := prev.WeightKg - r.WeightKg; d >= m.cfg.RobbingDropKg && isDaylight(r.At) {
			dropStreak++
			if dropStreak >= m.cfg.RobbingSamples {
				a.RobbingRisk = true
			}
		} else {
			dropStreak = 0
		}

		window = append(window, r)
		for len(window) > 1 && r.At.Sub(window[0].At) > m.cfg.SwarmWindow {
			window = window[1:]
		}
		if drop := peak(window) - r.WeightKg; drop > a.MaxDropKg {
			a.MaxDropKg, a.MaxDropAt = drop, r.At
			if drop >= m.cfg.SwarmDropKg && isDaylight(r.At) {
				a.SwarmAlert = true
			}
		}
		prev = r
	}
	if err := f.Err(); err != nil {
		return a, fmt.Errorf("hive %s: fetch: %w", hiveID, err)
	}
	if a.Samples == 0 {
		return a, ErrNoData
	}
	a.NetGainKg = a.EndKg - a.StartKg
	return a, nil
}

func peak(rs []Reading) float64 {
	max := rs[0].WeightKg
	for _, r := range rs[1:] {
		if r.WeightKg > max {
			max = r.WeightKg
		}
	}
	return max
}

// isDaylight reports whether bees are flying at t (local scale time).
func isDaylight(t time.Time) bool {
	h := t.Hour()
	return h >= 9 && h < 19
}
