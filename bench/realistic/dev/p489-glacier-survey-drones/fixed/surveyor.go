package survey

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Config controls how legs are downloaded and filtered.
type Config struct {
	// MaxAltitudeM is the highest AGL altitude at which radar returns are
	// considered usable; frames above it are skipped.
	MaxAltitudeM float64
	// MarginalAltitudeM marks frames above it as marginal quality.
	MarginalAltitudeM float64
	FetchRetries      int
	FetchTimeout      time.Duration
	RetryBackoff      time.Duration
	// BatchSize is the number of samples written to the store at once.
	BatchSize int
	Logger    Logger
}

// Option adjusts the surveyor configuration.
type Option func(*Config)

// WithLogger sets the logger used for progress and retry messages.
func WithLogger(l Logger) Option { return func(c *Config) { c.Logger = l } }

// WithBatchSize sets how many samples are written per store call.
func WithBatchSize(n int) Option { return func(c *Config) { c.BatchSize = n } }

// WithRetries sets the per-frame retry budget and initial backoff.
func WithRetries(n int, backoff time.Duration) Option {
	return func(c *Config) { c.FetchRetries, c.RetryBackoff = n, backoff }
}

// WithAltitudeLimits sets the marginal and maximum usable altitudes.
func WithAltitudeLimits(marginal, max float64) Option {
	return func(c *Config) { c.MarginalAltitudeM, c.MaxAltitudeM = marginal, max }
}

// Surveyor downloads radar legs from the fleet and archives them.
type Surveyor struct {
	cfg    Config
	uplink Uplink
	store  SampleStore
}

// LegResult summarises one leg.
type LegResult struct {
	Leg      Leg
	Stored   int
	Skipped  int
	Marginal int
	Err      error
}

// Report is the outcome of a full survey run.
type Report struct {
	Legs    []LegResult
	Refly   []Leg
	Stored  int
	Elapsed time.Duration
}

// New builds a Surveyor.
func New(up Uplink, store SampleStore, opts ...Option) (*Surveyor, error) {
	if up == nil || store == nil {
		return nil, errors.New("survey: uplink and store are required")
	}
	cfg := Config{
		MaxAltitudeM:      120,
		MarginalAltitudeM: 80,
		FetchRetries:      3,
		FetchTimeout:      2 * time.Second,
		RetryBackoff:      50 * time.Millisecond,
		BatchSize:         64,
		Logger:            log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.BatchSize <= 0 {
		return nil, fmt.Errorf("survey: invalid batch size %d", cfg.BatchSize)
	}
	if cfg.MarginalAltitudeM > cfg.MaxAltitudeM {
		return nil, errors.New("survey: marginal altitude above maximum")
	}
	return &Surveyor{cfg: cfg, uplink: up, store: store}, nil
}

// Run flies through the plan leg by leg. Legs whose data cannot be trusted are
// listed in Report.Refly; the run only aborts if the context ends.
func (s *Surveyor) Run(ctx context.Context, plan []Leg) (Report, error) {
	start := time.Now()
	var rep Report
	for _, leg := range plan {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		res, err := s.surveyLeg(ctx, leg)
		res.Err = err
		rep.Legs = append(rep.Legs, res)
		rep.Stored += res.Stored
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return rep, err
			}
			s.cfg.Logger.Printf("transect %s flagged for re-fly: %v", leg.Transect, err)
			rep.Refly = append(rep.Refly, leg)
			continue
		}
		s.cfg.Logger.Printf("transect %s: stored %d, skipped %d, marginal %d",
			leg.Transect, res.Stored, res.Skipped, res.Marginal)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

func (s *Surveyor) surveyLeg(ctx context.Context, leg Leg) (LegResult, error) {
	res := LegResult{Leg: leg}
	if leg.Frames <= 0 {
		return res, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batch := make([]Sample, 0, s.cfg.BatchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.store.Append(ctx, leg.Transect, batch); err != nil {
			return fmt.Errorf("store transect %s: %w", leg.Transect, err)
		}
		res.Stored += len(batch)
		batch = batch[:0]
		return nil
	}

	for r := range s.downlink(ctx, leg) {
		if r.err != nil {
			return res, r.err
		}
		if err := r.frame.verify(); err != nil {
			return res, fmt.Errorf("transect %s: %w", leg.Transect, err)
		}
		if r.frame.AltitudeM > s.cfg.MaxAltitudeM {
			res.Skipped++
			continue
		}
		smp := Sample{
			Transect: leg.Transect,
			Drone:    leg.Drone,
			Seq:      r.frame.Seq,
			Lat:      r.frame.Lat,
			Lon:      r.frame.Lon,
			DepthM:   r.frame.IceDepthM,
		}
		if r.frame.AltitudeM > s.cfg.MarginalAltitudeM {
			smp.Quality = QualityMarginal
			res.Marginal++
		}
		batch = append(batch, smp)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, flush()
}
