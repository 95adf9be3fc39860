package germination

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Config controls how a germination trial is run.
type Config struct {
	// SampleSize is the number of seeds sown per test.
	SampleSize int
	// Chambers is the number of tests that may run at the same time.
	Chambers int
	// RegenerationThreshold is the viability below which an accession
	// is sent for regeneration.
	RegenerationThreshold float64
	// MinRemaining is the seed count below which an accession is sent
	// for regeneration regardless of its viability.
	MinRemaining int
	// Confidence is the z value of the interval reported with each rate.
	Confidence float64
	// TestTimeout bounds a single germination test.
	TestTimeout time.Duration
	Logger      *log.Logger
}

// Option adjusts a Config.
type Option func(*Config)

// WithSampleSize sets the number of seeds sown per test.
func WithSampleSize(n int) Option { return func(c *Config) { c.SampleSize = n } }

// WithChambers sets how many tests run concurrently.
func WithChambers(n int) Option { return func(c *Config) { c.Chambers = n } }

// WithRegenerationThreshold sets the viability cut-off for regeneration.
func WithRegenerationThreshold(t float64) Option {
	return func(c *Config) { c.RegenerationThreshold = t }
}

// WithTestTimeout bounds each germination test.
func WithTestTimeout(d time.Duration) Option { return func(c *Config) { c.TestTimeout = d } }

// WithLogger sets the logger used for trial progress.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

func defaultConfig() Config {
	return Config{
		SampleSize:            50,
		Chambers:              4,
		RegenerationThreshold: 0.85,
		MinRemaining:          1500,
		Confidence:            1.96,
		TestTimeout:           30 * time.Second,
		Logger:                log.New(io.Discard, "", 0),
	}
}

// Runner schedules germination tests over the bank's chambers and files
// the results in the inventory.
type Runner struct {
	cfg Config
	inc Incubator
	inv Inventory
	now func() time.Time
}

// NewRunner builds a Runner.
func NewRunner(inc Incubator, inv Inventory, opts ...Option) (*Runner, error) {
	if inc == nil || inv == nil {
		return nil, errors.New("germination: incubator and inventory are required")
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.SampleSize <= 0 || cfg.Chambers <= 0 {
		return nil, fmt.Errorf("germination: invalid config: sample %d, chambers %d",
			cfg.SampleSize, cfg.Chambers)
	}
	if cfg.RegenerationThreshold <= 0 || cfg.RegenerationThreshold > 1 {
		return nil, fmt.Errorf("germination: regeneration threshold %.2f out of range",
			cfg.RegenerationThreshold)
	}
	return &Runner{cfg: cfg, inc: inc, inv: inv, now: time.Now}, nil
}

type lotResult struct {
	acc Accession
	obs Observation
	err error
}

// RunTrial tests every accession in lots and records the results. A chamber
// fault aborts the whole trial, since the bank cannot tell which results
// from that chamber are still sound.
func (r *Runner) RunTrial(ctx context.Context, lots []Accession) (*TrialReport, error) {
	report := &TrialReport{Started: r.now(), Skipped: make(map[string]error)}
	if len(lots) == 0 {
		report.Finished = report.Started
		return report, nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Accession)
	results := make(chan lotResult)

	go func() {
		defer close(jobs)
		for _, acc := range lots {
			select {
			case jobs <- acc:
			case <-ctx.Done():
				return
			}
		}
	}()

	workers := r.cfg.Chambers
	if workers > len(lots) {
		workers = len(lots)
	}
	for i := 0; i < workers; i++ {
		go func() {
			for acc := range jobs {
				res := r.testLot(ctx, acc)
				results <- res // leak: collector has returned on a chamber fault and nobody receives
			}
		}()
	}

	for i := 0; i < len(lots); i++ {
		res := <-results
		if res.err != nil {
			if errors.Is(res.err, ErrChamberFault) {
				r.cfg.Logger.Printf("trial aborted: %s: %v", res.acc.ID, res.err)
				return nil, fmt.Errorf("germination: trial aborted at %s: %w", res.acc.ID, res.err)
			}
			r.cfg.Logger.Printf("skipping %s: %v", res.acc.ID, res.err)
			report.Skipped[res.acc.ID] = res.err
			continue
		}
		if err := r.file(ctx, report, res); err != nil {
			return nil, err
		}
	}
	report.Finished = r.now()
	return report, nil
}

func (r *Runner) testLot(ctx context.Context, acc Accession) lotResult {
	if acc.SeedCount < 2*r.cfg.SampleSize {
		return lotResult{acc: acc, err: fmt.Errorf("%w: %s holds %d seeds",
			ErrInsufficientSeed, acc.ID, acc.SeedCount)}
	}
	tctx, cancel := context.WithTimeout(ctx, r.cfg.TestTimeout)
	defer cancel()
	obs, err := r.inc.Germinate(tctx, acc, r.cfg.SampleSize)
	if err != nil {
		return lotResult{acc: acc, err: err}
	}
	if obs.Germinated+obs.Abnormal+obs.Dormant > obs.Sown {
		return lotResult{acc: acc, err: fmt.Errorf("germination: %s: chamber %s counted %d seeds of %d sown",
			acc.ID, obs.Chamber, obs.Germinated+obs.Abnormal+obs.Dormant, obs.Sown)}
	}
	return lotResult{acc: acc, obs: obs}
}

func (r *Runner) file(ctx context.Context, report *TrialReport, res lotResult) error {
	v := viabilityOf(res.acc, res.obs, r.cfg.Confidence, r.now())
	if err := r.inv.RecordViability(ctx, v); err != nil {
		return fmt.Errorf("germination: recording %s: %w", v.AccessionID, err)
	}
	report.add(v)

	var reason string
	switch {
	case v.Rate < r.cfg.RegenerationThreshold:
		reason = fmt.Sprintf("viability %.0f%% below %.0f%%", 100*v.Rate, 100*r.cfg.RegenerationThreshold)
	case v.Remaining < r.cfg.MinRemaining:
		reason = fmt.Sprintf("%d seeds left after testing", v.Remaining)
	default:
		return nil
	}
	if err := r.inv.FlagForRegeneration(ctx, v.AccessionID, reason); err != nil {
		return fmt.Errorf("germination: flagging %s: %w", v.AccessionID, err)
	}
	report.Regenerate = append(report.Regenerate, v.AccessionID)
	r.cfg.Logger.Printf("%s flagged for regeneration: %s", v.AccessionID, reason)
	return nil
}
