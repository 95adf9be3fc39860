package frostalarm

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

// Config holds the frost thresholds and timing of a Monitor.
type Config struct {
	WarnC         float64
	CriticalC     float64
	HysteresisC   float64
	RepeatEvery   time.Duration
	MaxProbeAge   time.Duration
	NotifyTimeout time.Duration
	Logger        *log.Logger
}

// DefaultConfig suits wine grapes after bud break.
func DefaultConfig() Config {
	return Config{
		WarnC:         1.5,
		CriticalC:     -0.5,
		HysteresisC:   1.0,
		RepeatEvery:   30 * time.Minute,
		MaxProbeAge:   15 * time.Minute,
		NotifyTimeout: 20 * time.Second,
	}
}

func (c Config) validate() error {
	if c.CriticalC >= c.WarnC {
		return fmt.Errorf("frostalarm: critical threshold %.1f must be below warning %.1f", c.CriticalC, c.WarnC)
	}
	if c.HysteresisC < 0 || c.RepeatEvery <= 0 || c.MaxProbeAge <= 0 || c.NotifyTimeout <= 0 {
		return errors.New("frostalarm: hysteresis, repeat, probe age and notify timeout must be positive")
	}
	return nil
}

type blockState struct {
	probes    map[string]Reading
	level     Severity
	lastAlert time.Time
}

// Monitor watches probe readings per block and alerts on frost risk.
type Monitor struct {
	cfg       Config
	feed      Feed
	notifiers []Notifier
	log       *log.Logger

	mu      sync.Mutex
	blocks  map[string]*blockState
	history []Delivery
}

// New builds a monitor. At least one notifier is required.
func New(feed Feed, cfg Config, notifiers ...Notifier) (*Monitor, error) {
	if feed == nil {
		return nil, errors.New("frostalarm: feed is required")
	}
	if len(notifiers) == 0 {
		return nil, errors.New("frostalarm: at least one notifier is required")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Monitor{
		cfg:       cfg,
		feed:      feed,
		notifiers: notifiers,
		log:       cfg.Logger,
		blocks:    make(map[string]*blockState),
	}, nil
}

// Run consumes the feed until ctx is cancelled or the feed ends. Alerts are
// delivered in the background so a slow siren never delays the next reading.
func (m *Monitor) Run(ctx context.Context) error {
	readings, err := m.feed.Subscribe(ctx)
	if err != nil {
		return fmt.Errorf("frostalarm: subscribe: %w", err)
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case r, ok := <-readings:
			if !ok {
				return nil
			}
			if a, fire := m.observe(r); fire {
				m.log.Printf("alert %s", a)
				go m.dispatch(ctx, a)
			}
		}
	}
}

// Level reports the current alert level of a block.
func (m *Monitor) Level(block string) Severity {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := m.blocks[block]; ok {
		return b.level
	}
	return Info
}

// History returns the deliveries made so far, oldest first.
func (m *Monitor) History() []Delivery {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Delivery(nil), m.history...)
}

func (m *Monitor) observe(r Reading) (Alert, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blocks[r.Block]
	if !ok {
		b = &blockState{probes: make(map[string]Reading)}
		m.blocks[r.Block] = b
	}
	if prev, ok := b.probes[r.Probe]; ok && !r.At.After(prev.At) {
		return Alert{}, false
	}
	b.probes[r.Probe] = r

	coldest, found := Reading{}, false
	for id, p := range b.probes {
		if r.At.Sub(p.At) > m.cfg.MaxProbeAge {
			delete(b.probes, id)
			continue
		}
		if !found || p.TempC < coldest.TempC {
			coldest, found = p, true
		}
	}
	if !found {
		return Alert{}, false
	}

	level := m.classify(coldest.TempC, b.level)
	a := Alert{Block: r.Block, Severity: level, TempC: coldest.TempC, Probe: coldest.Probe, At: r.At}
	switch {
	case level > b.level && b.level == Info:
		a.Kind = Raised
	case level > b.level:
		a.Kind = Escalated
	case level < b.level && level == Info:
		a.Kind = Cleared
	case level == b.level && level != Info && r.At.Sub(b.lastAlert) >= m.cfg.RepeatEvery:
		a.Kind = Repeated
	default:
		b.level = level
		return Alert{}, false
	}
	b.level = level
	b.lastAlert = r.At
	return a, true
}

func (m *Monitor) classify(t float64, current Severity) Severity {
	switch {
	case t <= m.cfg.CriticalC:
		return Critical
	case t <= m.cfg.WarnC:
		return Warning
	case current != Info && t < m.cfg.WarnC+m.cfg.HysteresisC:
		return current
	}
	return Info
}

func (m *Monitor) dispatch(ctx context.Context, a Alert) {
	ctx, cancel := context.WithTimeout(ctx, m.cfg.NotifyTimeout)
	defer cancel()

	errs := make([]error, len(m.notifiers))
	var wg sync.WaitGroup
	wg.Add(len(m.notifiers))
	for i, n := range m.notifiers {
		if a.Severity < n.MinSeverity() {
			continue
		}
		go func(i int, n Notifier) {
			defer wg.Done()
			errs[i] = n.Notify(ctx, a)
		}(i, n)
	}
	wg.Wait() // leak: Add counts notifiers that are skipped and never call Done

	d := Delivery{Alert: a, Failed: make(map[string]error)}
	for i, n := range m.notifiers {
		switch {
		case a.Severity < n.MinSeverity():
		case errs[i] != nil:
			d.Failed[n.Name()] = errs[i]
			m.log.Printf("notify %s via %s: %v", a.Block, n.Name(), errs[i])
		default:
			d.Sent = append(d.Sent, n.Name())
		}
	}
	sort.Strings(d.Sent)
	m.mu.Lock()
	m.history = append(m.history, d)
	m.mu.Unlock()
}
