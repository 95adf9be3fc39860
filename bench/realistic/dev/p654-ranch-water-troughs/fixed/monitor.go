// Package troughs watches the stock-water troughs spread across a ranch's
// pastures and raises alerts when one runs low, drains suddenly or its level
// sensor goes quiet.
package troughs

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

// TroughConfig describes one trough and its float sensor.
type TroughConfig struct {
	ID             string
	Pasture        string
	CapacityLitres float64
	// LowPct is the fill percentage under which a low-water alert is raised.
	LowPct float64
	// Seasonal troughs are drained for part of the year and are not polled
	// while closed.
	Seasonal bool
}

// Config configures a Monitor.
type Config struct {
	Troughs      []TroughConfig
	PollInterval time.Duration
	// MaxSensorFailures is the number of consecutive failed reads after
	// which a trough is reported offline and no longer polled.
	MaxSensorFailures int
	// DrainLitresPerPoll flags a drop larger than this between two polls,
	// usually a broken float valve or a cracked trough.
	DrainLitresPerPoll float64
	AlertTimeout       time.Duration
	Logger             *log.Logger
}

// LevelSensor reads the current water volume of a trough, typically through
// a LoRa gateway.
type LevelSensor interface {
	Level(ctx context.Context, troughID string) (litres float64, err error)
}

// AlertSink delivers alerts to the ranch hands (SMS, radio dispatch, ...).
type AlertSink interface {
	Send(ctx context.Context, a Alert) error
}

// Reading is one sample taken by a poller.
type Reading struct {
	TroughID string
	Litres   float64
	At       time.Time
	Err      error
	Offline  bool
}

// Status is the last known state of a trough.
type Status struct {
	ID       string
	Pasture  string
	Litres   float64
	Pct      float64
	Low      bool
	Offline  bool
	Closed   bool
	LastSeen time.Time
}

type troughState struct {
	cfg    TroughConfig
	status Status
	seen   bool
}

// Monitor polls every open trough and feeds the readings to a single
// aggregator that keeps state and raises alerts.
type Monitor struct {
	cfg    Config
	sensor LevelSensor
	sink   AlertSink

	readings chan Reading
	live     int32
	cancel   context.CancelFunc
	stopOnce sync.Once
	done     chan struct{}

	mu     sync.Mutex
	states map[string]*troughState
}

// NewMonitor validates cfg and starts polling immediately.
func NewMonitor(cfg Config, sensor LevelSensor, sink AlertSink) (*Monitor, error) {
	if sensor == nil || sink == nil {
		return nil, errors.New("troughs: sensor and alert sink are required")
	}
	if len(cfg.Troughs) == 0 {
		return nil, errors.New("troughs: no troughs configured")
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Minute
	}
	if cfg.MaxSensorFailures <= 0 {
		cfg.MaxSensorFailures = 5
	}
	if cfg.AlertTimeout <= 0 {
		cfg.AlertTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}

	m := &Monitor{
		cfg:      cfg,
		sensor:   sensor,
		sink:     sink,
		readings: make(chan Reading, len(cfg.Troughs)),
		done:     make(chan struct{}),
		states:   make(map[string]*troughState, len(cfg.Troughs)),
	}

	polled := make([]TroughConfig, 0, len(cfg.Troughs))
	for _, tc := range cfg.Troughs {
		if tc.ID == "" || tc.CapacityLitres <= 0 {
			return nil, fmt.Errorf("troughs: invalid trough %q", tc.ID)
		}
		if _, dup := m.states[tc.ID]; dup {
			return nil, fmt.Errorf("troughs: duplicate trough %q", tc.ID)
		}
		m.states[tc.ID] = &troughState{cfg: tc, status: Status{
			ID: tc.ID, Pasture: tc.Pasture, Closed: tc.Seasonal,
		}}
		if tc.Seasonal {
			m.logf("trough %s (%s) closed for the season", tc.ID, tc.Pasture)
			continue
		}
		polled = append(polled, tc)
	}
	if len(polled) == 0 {
		return nil, errors.New("troughs: every trough is closed")
	}

	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.live = int32(len(polled))
	go m.aggregate()
	for _, tc := range polled {
		go m.poll(ctx, tc)
	}
	return m, nil
}

// Snapshot returns the last known status of every trough, ordered by ID.
func (m *Monitor) Snapshot() []Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Status, 0, len(m.states))
	for _, st := range m.states {
		out = append(out, st.status)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Close stops the pollers and waits until the aggregator has handled every
// pending reading, or until ctx expires.
func (m *Monitor) Close(ctx context.Context) error {
	m.stopOnce.Do(m.cancel)
	select {
	case <-m.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("troughs: waiting for aggregator: %w", ctx.Err())
	}
}

func (m *Monitor) logf(format string, args ...interface{}) {
	m.cfg.Logger.Printf(format, args...)
}
