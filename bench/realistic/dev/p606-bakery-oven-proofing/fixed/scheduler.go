package proofing

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Config tunes a Scheduler.
type Config struct {
	SampleEvery time.Duration
	// MaxOutOfBand is the number of consecutive out-of-band samples
	// tolerated before a batch is rejected.
	MaxOutOfBand int
	// MaxSensorErrors is the number of consecutive sensor errors after
	// which the chamber is declared faulted.
	MaxSensorErrors int
	Logger          Logger
}

// Scheduler runs batches through chambers, one batch per chamber at a time.
type Scheduler struct {
	chambers []Chamber
	cfg      Config
}

// New returns a scheduler over the given chambers.
func New(chambers []Chamber, cfg Config) (*Scheduler, error) {
	if len(chambers) == 0 {
		return nil, errors.New("proofing: no chambers")
	}
	if cfg.SampleEvery <= 0 {
		cfg.SampleEvery = 30 * time.Second
	}
	if cfg.MaxOutOfBand <= 0 {
		cfg.MaxOutOfBand = 4
	}
	if cfg.MaxSensorErrors <= 0 {
		cfg.MaxSensorErrors = 3
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Scheduler{chambers: chambers, cfg: cfg}, nil
}

type batchResult struct {
	outcome Outcome
	err     error
}

// Run proofs all batches and returns once every batch has an outcome. A
// chamber fault aborts the run.
func (s *Scheduler) Run(ctx context.Context, batches []Batch) (Report, error) {
	var rep Report
	for _, b := range batches {
		if err := b.Profile.validate(); err != nil {
			return rep, fmt.Errorf("batch %s: %w", b.ID, err)
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Batch, len(batches))
	for _, b := range batches {
		jobs <- b
	}
	close(jobs)

	results := make(chan batchResult)
	for _, ch := range s.chambers {
		go s.worker(ctx, ch, jobs, results)
	}

	for i := 0; i < len(batches); i++ {
		r := <-results
		var fault *ChamberFault
		if errors.As(r.err, &fault) {
			s.cfg.Logger.Printf("proofing: %v; aborting run with %d batches outstanding", fault, len(batches)-i-1)
			return rep, fmt.Errorf("proofing: %w", r.err)
		}
		if r.err != nil {
			return rep, r.err
		}
		if r.outcome.Rejected != nil {
			rep.Rejected = append(rep.Rejected, r.outcome)
			continue
		}
		rep.Ready = append(rep.Ready, r.outcome)
	}
	return rep, nil
}

func (s *Scheduler) worker(ctx context.Context, ch Chamber, jobs <-chan Batch, results chan<- batchResult) {
	for b := range jobs {
		if ctx.Err() != nil {
			return
		}
		r := s.proofOne(ctx, ch, b)
		select {
		case results <- r:
		case <-ctx.Done():
			return
		}
	}
}

func (s *Scheduler) proofOne(ctx context.Context, ch Chamber, b Batch) batchResult {
	out := Outcome{Batch: b.ID, Chamber: ch.ID()}
	if err := ch.Load(ctx, b); err != nil {
		return batchResult{outcome: out, err: &ChamberFault{Chamber: ch.ID(), Batch: b.ID, Err: err}}
	}
	defer func() {
		if err := ch.Unload(context.Background()); err != nil {
			s.cfg.Logger.Printf("proofing: unload %s from %s: %v", b.ID, ch.ID(), err)
		}
	}()

	start := time.Now()
	tick := time.NewTicker(s.cfg.SampleEvery)
	defer tick.Stop()

	outOfBand, sensorErrs := 0, 0
	for {
		select {
		case <-ctx.Done():
			return batchResult{outcome: out, err: ctx.Err()}
		case <-tick.C:
		}
		out.Elapsed = time.Since(start)

		rd, err := ch.Sample(ctx)
		if err != nil {
			sensorErrs++
			if sensorErrs >= s.cfg.MaxSensorErrors {
				return batchResult{outcome: out, err: &ChamberFault{Chamber: ch.ID(), Batch: b.ID, Err: err}}
			}
			continue
		}
		sensorErrs = 0
		out.Rise = rd.Rise

		if rd.TempC < b.Profile.MinTempC || rd.TempC > b.Profile.MaxTempC {
			outOfBand++
			if outOfBand >= s.cfg.MaxOutOfBand {
				out.Rejected = fmt.Errorf("%w: %.1fC", ErrOutOfBand, rd.TempC)
				return batchResult{outcome: out}
			}
		} else {
			outOfBand = 0
		}

		if rd.Rise >= b.Profile.TargetRise {
			return batchResult{outcome: out}
		}
		if out.Elapsed >= b.Profile.MaxTime {
			out.Rejected = fmt.Errorf("%w: rise %.2f of %.2f after %v", ErrUnderProofed, rd.Rise, b.Profile.TargetRise, out.Elapsed)
			return batchResult{outcome: out}
		}
	}
}
