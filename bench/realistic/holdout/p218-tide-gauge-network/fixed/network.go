package tidenet

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

// Config tunes level processing and surge detection.
type Config struct {
	QueueSize        int
	MinQuality       int
	MaxRangeSlackMM  float64
	SmoothingWindow  int
	SurgeThresholdMM float64
	SustainReadings  int
	Logger           *log.Logger
	Now              func() time.Time
}

func (c Config) withDefaults() Config {
	if c.QueueSize <= 0 {
		c.QueueSize = 64
	}
	if c.MaxRangeSlackMM <= 0 {
		c.MaxRangeSlackMM = 500
	}
	if c.SmoothingWindow <= 0 {
		c.SmoothingWindow = 5
	}
	if c.SurgeThresholdMM <= 0 {
		c.SurgeThresholdMM = 300
	}
	if c.SustainReadings <= 0 {
		c.SustainReadings = 3
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Network ingests readings from a fleet of tide gauges.
type Network struct {
	cfg       Config
	predictor Predictor
	sink      AlertSink
	log       *log.Logger

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.RWMutex
	closed   bool
	stations map[string]*station

	latestMu sync.Mutex
	latest   map[string]Level
	dropped  int
}

// New creates a Network. Gauges join it with Register.
func New(cfg Config, predictor Predictor, sink AlertSink) (*Network, error) {
	if predictor == nil || sink == nil {
		return nil, errors.New("tidenet: predictor and alert sink are required")
	}
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	return &Network{
		cfg:       cfg,
		predictor: predictor,
		sink:      sink,
		log:       cfg.Logger,
		ctx:       ctx,
		cancel:    cancel,
		stations:  make(map[string]*station),
		latest:    make(map[string]Level),
	}, nil
}

// Register adds a gauge, or refreshes it after a reboot or recalibration.
func (n *Network) Register(info GaugeInfo) error {
	if err := info.validate(); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return ErrClosed
	}
	if old, ok := n.stations[info.ID]; ok {
		n.log.Printf("gauge %s re-registered: firmware %s -> %s, datum %.0f -> %.0f mm",
			info.ID, old.info.Firmware, info.Firmware, old.info.DatumOffsetMM, info.DatumOffsetMM)
		close(old.in)
		<-old.done
	} else {
		n.log.Printf("gauge %s joined from %s", info.ID, info.Site)
	}
	st := newStation(info, n.cfg.QueueSize, n.cfg.Now())
	n.stations[info.ID] = st
	go n.consume(st)
	return nil
}

// Ingest queues a reading for its gauge without blocking the receiver.
func (n *Network) Ingest(r Reading) error {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.closed {
		return ErrClosed
	}
	st, ok := n.stations[r.GaugeID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownGauge, r.GaugeID)
	}
	select {
	case st.in <- r:
		return nil
	default:
		n.latestMu.Lock()
		n.dropped++
		n.latestMu.Unlock()
		return ErrBackpressure
	}
}

// Latest returns the most recent processed level for a gauge.
func (n *Network) Latest(gaugeID string) (Level, bool) {
	n.latestMu.Lock()
	defer n.latestMu.Unlock()
	l, ok := n.latest[gaugeID]
	return l, ok
}

// Gauges lists the registered gauge ids.
func (n *Network) Gauges() []string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	ids := make([]string, 0, len(n.stations))
	for id := range n.stations {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Close stops accepting readings, drains every gauge queue and waits for
// processing to finish.
func (n *Network) Close() error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return ErrClosed
	}
	n.closed = true
	stations := n.stations
	n.stations = make(map[string]*station)
	n.mu.Unlock()

	for _, st := range stations {
		close(st.in)
	}
	for _, st := range stations {
		<-st.done
	}
	n.cancel()

	n.latestMu.Lock()
	if n.dropped > 0 {
		n.log.Printf("closed with %d dropped readings", n.dropped)
	}
	n.latestMu.Unlock()
	return nil
}

func (n *Network) recordLatest(l Level) {
	n.latestMu.Lock()
	defer n.latestMu.Unlock()
	if prev, ok := n.latest[l.GaugeID]; ok && prev.At.After(l.At) {
		return
	}
	n.latest[l.GaugeID] = l
}
