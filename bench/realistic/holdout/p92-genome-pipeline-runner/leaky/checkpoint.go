package pipeline

import (
	"context"
	"fmt"
	"time"
)

// Stage is how far a sample has progressed through the pipeline.
type Stage int

const (
	// StagePending means no stage has completed.
	StagePending Stage = iota
	// StageAligned means reads were trimmed and aligned; BAM is set.
	StageAligned
	// StageCalled means variants were called; VCF is set.
	StageCalled
)

func (s Stage) String() string {
	switch s {
	case StagePending:
		return "pending"
	case StageAligned:
		return "aligned"
	case StageCalled:
		return "called"
	default:
		return fmt.Sprintf("Stage(%d)", int(s))
	}
}

// Checkpoint records the last completed stage of a sample so an interrupted
// run can resume without redoing finished work.
type Checkpoint struct {
	Stage     Stage
	BAM       string
	VCF       string
	UpdatedAt time.Time
}

// CheckpointStore persists checkpoints. Load returns a zero Checkpoint for
// samples it has never seen.
type CheckpointStore interface {
	Load(ctx context.Context, sample string) (Checkpoint, error)
	Save(ctx context.Context, sample string, cp Checkpoint) error
}

// loadCheckpoint wraps store errors with the sample name.
func (r *Runner) loadCheckpoint(ctx context.Context, sample string) (Checkpoint, error) {
	cp, err := r.cfg.Checkpoints.Load(ctx, sample)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("load checkpoint for %s: %w", sample, err)
	}
	return cp, nil
}

// advance records that sample reached stage with the given artefacts.
func (r *Runner) advance(ctx context.Context, sample string, cp Checkpoint, stage Stage) (Checkpoint, error) {
	cp.Stage = stage
	cp.UpdatedAt = r.cfg.Now()
	if err := r.cfg.Checkpoints.Save(ctx, sample, cp); err != nil {
		return cp, fmt.Errorf("save %s checkpoint for %s: %w", stage, sample, err)
	}
	return cp, nil
}
