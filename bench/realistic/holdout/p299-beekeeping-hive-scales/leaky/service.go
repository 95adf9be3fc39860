// Package hivescale ingests readings from hive scales in the apiary and turns
// them into daily summaries and alerts (swarms, low batteries).
package hivescale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	ErrClosed       = errors.New("hivescale: service closed")
	ErrUnknownScale = errors.New("hivescale: scale not registered")
)

// ScaleInfo is what a scale announces when it comes online.
type ScaleInfo struct {
	ScaleID  string
	HiveID   string
	Apiary   string
	Firmware string
}

// Sample is one reading from a hive scale.
type Sample struct {
	ScaleID  string
	At       time.Time
	WeightKg float64
	TempC    float64
	BatteryV float64
}

// Alerter delivers alerts to the beekeeper.
type Alerter interface {
	Alert(ctx context.Context, a Alert) error
}

// Store persists daily hive summaries.
type Store interface {
	SaveDaily(ctx context.Context, d DailySummary) error
}

// Options tunes the analysis. Zero values get sensible defaults.
type Options struct {
	// SwarmDropKg is the weight loss within SwarmWindow that is reported
	// as a probable swarm.
	SwarmDropKg float64
	SwarmWindow time.Duration
	// LowBatteryV triggers a battery alert once per scale session.
	LowBatteryV float64
	// Buffer is the per-scale queue length.
	Buffer int
	// Location is used to cut days for the daily summary.
	Location *time.Location
	Logger   *log.Logger
}

func (o *Options) defaults() {
	if o.SwarmDropKg == 0 {
		o.SwarmDropKg = 1.2
	}
	if o.SwarmWindow == 0 {
		o.SwarmWindow = 30 * time.Minute
	}
	if o.LowBatteryV == 0 {
		o.LowBatteryV = 3.4
	}
	if o.Buffer == 0 {
		o.Buffer = 64
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Logger == nil {
		o.Logger = log.New(io.Discard, "", 0)
	}
}

type feed struct {
	info    ScaleInfo
	samples chan Sample
	done    chan struct{}
}

// Service routes samples to one tracker goroutine per scale.
type Service struct {
	opts    Options
	alerter Alerter
	store   Store
	log     *log.Logger
	ctx     context.Context
	cancel  context.CancelFunc

	mu     sync.RWMutex
	feeds  map[string]*feed
	closed bool
}

// New creates a Service.
func New(alerter Alerter, store Store, opts Options) *Service {
	opts.defaults()
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{
		opts:    opts,
		alerter: alerter,
		store:   store,
		log:     opts.Logger,
		ctx:     ctx,
		cancel:  cancel,
		feeds:   make(map[string]*feed),
	}
}

// Register is called whenever a scale announces itself: on first install,
// after a battery swap and after a firmware update. A scale that announces
// itself gets a fresh tracker, because it may have been moved to another
// hive and the old weight baseline no longer applies.
func (s *Service) Register(info ScaleInfo) error {
	if info.ScaleID == "" || info.HiveID == "" {
		return fmt.Errorf("hivescale: scale and hive id required (got %q/%q)", info.ScaleID, info.HiveID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	f := &feed{
		info:    info,
		samples: make(chan Sample, s.opts.Buffer),
		done:    make(chan struct{}),
	}
	s.feeds[info.ScaleID] = f
	go s.track(f)
	s.log.Printf("scale %s online at hive %s/%s, firmware %s", info.ScaleID, info.Apiary, info.HiveID, info.Firmware)
	return nil
}

// Submit queues a sample for its scale's tracker.
func (s *Service) Submit(ctx context.Context, smp Sample) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	f, ok := s.feeds[smp.ScaleID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownScale, smp.ScaleID)
	}
	select {
	case f.samples <- smp:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops accepting samples, lets every tracker drain its queue and
// flush the current day's summary, and waits for them to finish.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	feeds := make([]*feed, 0, len(s.feeds))
	for _, f := range s.feeds {
		close(f.samples)
		feeds = append(feeds, f)
	}
	s.mu.Unlock()

	defer s.cancel()
	for _, f := range feeds {
		select {
		case <-f.done:
		case <-ctx.Done():
			return fmt.Errorf("hivescale: waiting for scale %s: %w", f.info.ScaleID, ctx.Err())
		}
	}
	return nil
}

func (s *Service) track(f *feed) {
	defer close(f.done)
	t := newTracker(f.info, s.opts)
	for smp := range f.samples { // leak: the replaced feed's channel is never closed
		for _, a := range t.observe(smp) {
			s.raise(a)
		}
		if d, ok := t.rollover(); ok {
			s.save(d)
		}
	}
	if d, ok := t.flush(); ok {
		s.save(d)
	}
}

func (s *Service) raise(a Alert) {
	if err := s.alerter.Alert(s.ctx, a); err != nil {
		s.log.Printf("alert %s for hive %s not delivered: %v", a.Kind, a.HiveID, err)
	}
}

func (s *Service) save(d DailySummary) {
	if err := s.store.SaveDaily(s.ctx, d); err != nil {
		s.log.Printf("daily summary %s/%s not saved: %v", d.HiveID, d.Day, err)
	}
}
