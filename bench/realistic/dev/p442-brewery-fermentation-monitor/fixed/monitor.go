package fermentation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrProbeLost is reported when the probe stopped answering.
var ErrProbeLost = errors.New("fermentation: probe stopped responding")

// Config controls a Monitor.
type Config struct {
	Tank             string
	PollInterval     time.Duration
	MaxProbeFailures int
	HistorySize      int
	Logger           *log.Logger
}

func (c *Config) applyDefaults() {
	if c.PollInterval <= 0 {
		c.PollInterval = time.Minute
	}
	if c.MaxProbeFailures <= 0 {
		c.MaxProbeFailures = 5
	}
	if c.HistorySize <= 0 {
		c.HistorySize = 24 * 60
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

// Monitor polls a tank's probe, keeps a rolling history and lets rules
// watch every new reading.
type Monitor struct {
	cfg   Config
	probe Probe

	mu      sync.Mutex
	cond    *sync.Cond
	history []Reading
	seq     uint64
	stopped bool
	err     error

	cancel context.CancelFunc
	done   chan struct{}
}

// NewMonitor returns a Monitor for one tank. Call Start to begin polling.
func NewMonitor(p Probe, cfg Config) (*Monitor, error) {
	if p == nil {
		return nil, errors.New("fermentation: nil probe")
	}
	if cfg.Tank == "" {
		return nil, errors.New("fermentation: tank name required")
	}
	cfg.applyDefaults()
	m := &Monitor{cfg: cfg, probe: p}
	m.cond = sync.NewCond(&m.mu)
	return m, nil
}

// Start begins polling the probe until ctx ends or Close is called.
func (m *Monitor) Start(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cancel != nil {
		return fmt.Errorf("fermentation: monitor for %s already started", m.cfg.Tank)
	}
	ctx, m.cancel = context.WithCancel(ctx)
	m.done = make(chan struct{})
	go m.poll(ctx)
	return nil
}

// Close stops polling and waits for the poller to exit.
func (m *Monitor) Close() error {
	m.mu.Lock()
	cancel, done := m.cancel, m.done
	m.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	<-done
	return m.Err()
}

// Err reports why polling stopped, if it stopped because of a failure.
func (m *Monitor) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// Latest returns the most recent reading.
func (m *Monitor) Latest() (Reading, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.history) == 0 {
		return Reading{}, false
	}
	return m.history[len(m.history)-1], true
}

// Watch evaluates rule after every new reading and calls fn when it fires.
// An alert is reported once when the rule starts firing, not on every sample.
func (m *Monitor) Watch(rule Rule, fn func(Alert)) {
	go func() {
		var seen uint64
		firing := false
		for {
			m.mu.Lock()
			for m.seq == seen && !m.stopped {
				m.cond.Wait()
			}
			if m.seq == seen {
				m.mu.Unlock()
				return
			}
			windows := m.windowsSinceLocked(seen, rule.Window())
			seen = m.seq
			m.mu.Unlock()

			for _, recent := range windows {
				alert, ok := rule.Evaluate(m.cfg.Tank, recent)
				if ok && !firing {
					m.cfg.Logger.Printf("tank %s: %s: %s", alert.Tank, alert.Rule, alert.Message)
					fn(alert)
				}
				firing = ok
			}
		}
	}()
}

func (m *Monitor) poll(ctx context.Context) {
	defer close(m.done)
	ticker := time.NewTicker(m.cfg.PollInterval)
	defer ticker.Stop()

	failures := 0
	for {
		select {
		case <-ctx.Done():
			m.cfg.Logger.Printf("tank %s: monitoring stopped", m.cfg.Tank)
			m.halt(nil)
			return
		case <-ticker.C:
		}

		r, err := m.probe.Sample(ctx)
		if err != nil {
			if ctx.Err() != nil {
				continue
			}
			failures++
			m.cfg.Logger.Printf("tank %s: probe read failed (%d/%d): %v",
				m.cfg.Tank, failures, m.cfg.MaxProbeFailures, err)
			if failures >= m.cfg.MaxProbeFailures {
				m.halt(fmt.Errorf("%w: tank %s: %v", ErrProbeLost, m.cfg.Tank, err))
				return
			}
			continue
		}
		failures = 0
		m.record(r)
	}
}

func (m *Monitor) record(r Reading) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.history = append(m.history, r)
	if over := len(m.history) - m.cfg.HistorySize; over > 0 {
		m.history = append(m.history[:0], m.history[over:]...)
	}
	m.seq++
	m.cond.Broadcast()
}

func (m *Monitor) halt(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stopped = true
	m.err = err
	m.cond.Broadcast()
}

// windowsSinceLocked returns, for every reading recorded after the seen-th
// one that is still in the history, the window of up to n readings ending
// with it.
func (m *Monitor) windowsSinceLocked(seen uint64, n int) [][]Reading {
	unseen := int(m.seq - seen)
	if unseen > len(m.history) {
		unseen = len(m.history)
	}
	windows := make([][]Reading, 0, unseen)
	for end := len(m.history) - unseen + 1; end <= len(m.history); end++ {
		start := end - n
		if n <= 0 || start < 0 {
			start = 0
		}
		windows = append(windows, append([]Reading(nil), m.history[start:end]...))
	}
	return windows
}
