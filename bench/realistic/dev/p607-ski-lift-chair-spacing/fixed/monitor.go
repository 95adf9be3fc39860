package spacing

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
)

// Monitor runs one watcher per lift.
type Monitor struct {
	cfg  Config
	sink AlertSink

	mu      sync.Mutex
	lines   map[string]*line
	stopped bool

	dropped atomic.Int64
}

// New returns a Monitor that delivers alerts to sink.
func New(cfg Config, sink AlertSink) (*Monitor, error) {
	if sink == nil {
		return nil, errors.New("spacing: alert sink is required")
	}
	if cfg.FeedBuffer <= 0 {
		cfg.FeedBuffer = 64
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Monitor{cfg: cfg, sink: sink, lines: make(map[string]*line)}, nil
}

// AddLift starts watching a lift.
func (m *Monitor) AddLift(cfg LiftConfig) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return ErrStopped
	}
	if _, ok := m.lines[cfg.ID]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicate, cfg.ID)
	}
	m.lines[cfg.ID] = m.startLine(cfg)
	m.cfg.Logger.Printf("spacing: watching %s at %.1f m/s, min gap %v", cfg.ID, cfg.SpeedMPS, cfg.minGap())
	return nil
}

// SetSpeed is called when the operator changes rope speed, for example for a
// wind hold. Gap tracking restarts because earlier gaps were timed at the old
// speed.
func (m *Monitor) SetSpeed(liftID string, speedMPS float64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.lines[liftID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownLift, liftID)
	}
	cfg := l.cfg
	cfg.SpeedMPS = speedMPS
	if err := cfg.validate(); err != nil {
		return err
	}
	close(l.feed)
	<-l.done
	m.lines[liftID] = m.startLine(cfg)
	m.cfg.Logger.Printf("spacing: %s speed %.1f -> %.1f m/s, min gap %v", liftID, l.cfg.SpeedMPS, speedMPS, cfg.minGap())
	return nil
}

// Observe queues a photo-eye event for its lift. It never blocks: a full feed
// is reported so the caller can count missed chairs.
func (m *Monitor) Observe(p ChairPass) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return ErrStopped
	}
	l, ok := m.lines[p.LiftID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownLift, p.LiftID)
	}
	select {
	case l.feed <- p:
		return nil
	default:
		m.dropped.Add(1)
		return fmt.Errorf("%w: %s", ErrBackpressure, p.LiftID)
	}
}

// Stats reports per-lift counters.
func (m *Monitor) Stats() map[string]LineStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]LineStats, len(m.lines))
	for id, l := range m.lines {
		out[id] = l.stats()
	}
	return out
}

// Dropped is the number of passes rejected because a feed was full.
func (m *Monitor) Dropped() int64 { return m.dropped.Load() }

// Stop closes every feed and waits for the watchers to drain them.
func (m *Monitor) Stop(ctx context.Context) error {
	m.mu.Lock()
	if m.stopped {
		m.mu.Unlock()
		return nil
	}
	m.stopped = true
	lines := make([]*line, 0, len(m.lines))
	for _, l := range m.lines {
		close(l.feed)
		lines = append(lines, l)
	}
	m.mu.Unlock()

	for _, l := range lines {
		select {
		case <-l.done:
		case <-ctx.Done():
			return fmt.Errorf("spacing: waiting for %s: %w", l.cfg.ID, ctx.Err())
		}
	}
	return nil
}
