package triage

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

const (
	// fastTrackLimit is the amount below which low-severity claims skip adjusters.
	fastTrackLimit = 2500
	// modelWeight is the number of points a model probability of 1 adds.
	modelWeight = 40
)

// Clock abstracts timers so that roster syncing can be driven in tests.
// NewTicker returns a channel that ticks every d and a function that stops it.
type Clock interface {
	NewTicker(d time.Duration) (<-chan time.Time, func())
}

type systemClock struct{}

func (systemClock) NewTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// Config configures a Service. Only Directory is required.
type Config struct {
	Directory    Directory
	Model        Model         // optional fraud-propensity model
	Rules        []Rule        // default DefaultRules()
	SyncInterval time.Duration // roster refresh period; default 5m
	Clock        Clock
	Logger       *log.Logger
}

// Service scores claims and routes them to adjusters.
type Service struct {
	cfg    Config
	roster *roster
	cancel context.CancelFunc
}

// New loads the adjuster roster and starts syncing it every SyncInterval.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Directory == nil {
		return nil, errors.New("triage: Config.Directory is required")
	}
	if len(cfg.Rules) == 0 {
		cfg.Rules = DefaultRules()
	}
	if cfg.SyncInterval == 0 {
		cfg.SyncInterval = 5 * time.Minute
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	s := &Service{cfg: cfg, roster: &roster{}}
	if err := s.refresh(ctx); err != nil {
		return nil, fmt.Errorf("triage: initial roster load: %w", err)
	}
	loopCtx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	ticks, stop := cfg.Clock.NewTicker(cfg.SyncInterval)
	go s.syncLoop(loopCtx, ticks, stop)
	return s, nil
}

func (s *Service) refresh(ctx context.Context) error {
	list, err := s.cfg.Directory.ListAdjusters(ctx)
	if err != nil {
		return fmt.Errorf("list adjusters: %w", err)
	}
	s.roster.replace(list)
	return nil
}

func (s *Service) syncLoop(ctx context.Context, ticks <-chan time.Time, stop func()) {
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			if err := s.refresh(ctx); err != nil {
				s.cfg.Logger.Printf("roster sync failed: %v", err)
			}
		}
	}
}

// Triage scores the claim and places it on a work queue.
func (s *Service) Triage(ctx context.Context, c Claim) (Decision, error) {
	if err := c.Validate(); err != nil {
		return Decision{}, fmt.Errorf("triage: claim %q: %w", c.ID, err)
	}
	total, reasons, err := score(ctx, c, s.cfg.Rules, s.cfg.Model, modelWeight)
	if err != nil {
		return Decision{}, fmt.Errorf("triage: %w", err)
	}
	d := Decision{ClaimID: c.ID, Score: total, Severity: severityFor(total), Reasons: reasons}
	if d.Severity == SeverityLow && !c.Injury && c.Amount < fastTrackLimit {
		d.Queue = QueueFastTrack
		return d, nil
	}

	ids, err := s.roster.candidates(c, d.Severity)
	if errors.Is(err, ErrNoEligibleAdjuster) {
		d.Queue = QueueManualReview
		d.Reasons = append(d.Reasons, "no-eligible-adjuster")
		return d, nil
	}
	for _, id := range ids {
		if s.roster.reserve(id) {
			d.AdjusterID = id
			d.Queue = QueueAssigned
			return d, nil
		}
	}
	d.Queue = QueueManualReview
	d.Reasons = append(d.Reasons, "adjusters-at-capacity")
	return d, nil
}

// Close stops the roster sync without waiting for a sync in progress.
func (s *Service) Close() { s.cancel() }
