// Package pipeline runs samples through a staged bioinformatics workflow
// (read trimming and alignment, then variant calling). Each stage has its
// own pool of workers, and progress is checkpointed per sample so that a
// failed run can be resumed.
package pipeline

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Config wires a Runner to its tools and storage.
type Config struct {
	Source      ReadSource
	Aligner     Aligner
	Caller      VariantCaller
	Checkpoints CheckpointStore

	// AlignWorkers and CallWorkers size the stage pools. Both default to 2.
	AlignWorkers int
	CallWorkers  int
	// MinBaseQuality is the Phred score below which 3' bases are trimmed.
	// It defaults to 20.
	MinBaseQuality int
	// MinReadLength drops reads shorter than this after trimming. It
	// defaults to 30.
	MinReadLength int
	// Now defaults to time.Now.
	Now func() time.Time
}

// Result is the outcome for one sample.
type Result struct {
	Sample string
	BAM    string
	VCF    string
	// Resumed is true if some stage was skipped thanks to a checkpoint.
	Resumed bool
}

// Runner executes the pipeline.
type Runner struct {
	cfg Config
}

// New validates cfg and returns a Runner.
func New(cfg Config) (*Runner, error) {
	if cfg.Source == nil || cfg.Aligner == nil || cfg.Caller == nil || cfg.Checkpoints == nil {
		return nil, fmt.Errorf("pipeline: Source, Aligner, Caller and Checkpoints are required")
	}
	if cfg.AlignWorkers <= 0 {
		cfg.AlignWorkers = 2
	}
	if cfg.CallWorkers <= 0 {
		cfg.CallWorkers = 2
	}
	if cfg.MinBaseQuality <= 0 {
		cfg.MinBaseQuality = 20
	}
	if cfg.MinReadLength <= 0 {
		cfg.MinReadLength = 30
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Runner{cfg: cfg}, nil
}

// job carries a sample between stage pools.
type job struct {
	sample  string
	cp      Checkpoint
	resumed bool
}

// Run processes samples and returns the results of those that completed.
// The first failure cancels the remaining work and is returned; completed
// stages stay checkpointed.
func (r *Runner) Run(ctx context.Context, samples []string) ([]Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		errOnce  sync.Once
		firstErr error
	)
	fail := func(err error) {
		errOnce.Do(func() {
			firstErr = fmt.Errorf("pipeline: %w", err)
			cancel()
		})
	}

	feed := make(chan string)
	aligned := make(chan job)
	done := make(chan Result)

	go func() {
		defer close(feed)
		for _, s := range samples {
			select {
			case feed <- s:
			case <-ctx.Done():
				return
			}
		}
	}()

	var alignWG sync.WaitGroup
	for i := 0; i < r.cfg.AlignWorkers; i++ {
		alignWG.Add(1)
		go func() {
			defer alignWG.Done()
			for sample := range feed {
				j, err := r.alignStage(ctx, sample)
				if err != nil {
					fail(err)
					continue
				}
				select {
				case aligned <- j:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		alignWG.Wait()
		close(aligned)
	}()

	var callWG sync.WaitGroup
	for i := 0; i < r.cfg.CallWorkers; i++ {
		callWG.Add(1)
		go func() {
			defer callWG.Done()
			for j := range aligned {
				res, err := r.callStage(ctx, j)
				if err != nil {
					fail(err)
					continue
				}
				select {
				case done <- res:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		callWG.Wait()
		close(done)
	}()

	var results []Result
	for res := range done {
		results = append(results, res)
	}
	return results, firstErr
}

// alignStage brings sample to StageAligned, resuming from its checkpoint.
func (r *Runner) alignStage(ctx context.Context, sample string) (job, error) {
	if err := ctx.Err(); err != nil {
		return job{}, err
	}
	cp, err := r.loadCheckpoint(ctx, sample)
	if err != nil {
		return job{}, err
	}
	if cp.Stage >= StageAligned {
		return job{sample: sample, cp: cp, resumed: true}, nil
	}
	cp, err = r.align(ctx, sample, cp)
	return job{sample: sample, cp: cp}, err
}

// callStage brings an aligned sample to StageCalled.
func (r *Runner) callStage(ctx context.Context, j job) (Result, error) {
	cp := j.cp
	if cp.Stage < StageCalled {
		var err error
		if cp, err = r.call(ctx, j.sample, cp); err != nil {
			return Result{}, err
		}
	} else {
		j.resumed = true
	}
	return Result{Sample: j.sample, BAM: cp.BAM, VCF: cp.VCF, Resumed: j.resumed}, nil
}
