package permits

import (
	"context"
	"fmt"
	"math"
	"sync"
)

// Reviewer assesses an application. Reviews may be slow (a person signs
// them off), so they run concurrently.
type Reviewer interface {
	Name() string
	Review(ctx context.Context, id string, app Application) (Finding, error)
}

// VibrationReviewer predicts peak particle velocity at the nearest building
// using the scaled-distance site law PPV = K * (D / sqrt(MIC))^-B.
type VibrationReviewer struct {
	K, B     float64 // site constants from trial blasts
	LimitMMS float64 // PPV limit in mm/s at the receptor
}

// Name implements Reviewer.
func (v VibrationReviewer) Name() string { return "vibration" }

// Review implements Reviewer.
func (v VibrationReviewer) Review(_ context.Context, _ string, app Application) (Finding, error) {
	mic := app.MaxInstantaneousCharge()
	if mic <= 0 || app.NearestBuilding <= 0 {
		return Finding{}, fmt.Errorf("vibration: need charge and distance, got %.1f kg at %.0f m", mic, app.NearestBuilding)
	}
	sd := app.NearestBuilding / math.Sqrt(mic)
	ppv := v.K * math.Pow(sd, -v.B)
	f := Finding{Reviewer: v.Name(), OK: ppv <= v.LimitMMS,
		Note: fmt.Sprintf("predicted PPV %.2f mm/s at %.0f m (limit %.1f)", ppv, app.NearestBuilding, v.LimitMMS)}
	return f, nil
}

// runReviews asks every reviewer concurrently and returns the findings in
// reviewer order. The first error cancels the remaining reviews.
func runReviews(ctx context.Context, reviewers []Reviewer, id string, app Application) ([]Finding, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	findings := make([]Finding, len(reviewers))
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for i, r := range reviewers {
		wg.Add(1)
		go func(i int, r Reviewer) {
			defer wg.Done()
			f, err := r.Review(ctx, id, app)
			if err != nil {
				errOnce.Do(func() {
					firstErr = fmt.Errorf("%s review: %w", r.Name(), err)
					cancel()
				})
				return
			}
			if f.Reviewer == "" {
				f.Reviewer = r.Name()
			}
			findings[i] = f
		}(i, r)
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return findings, nil
}
