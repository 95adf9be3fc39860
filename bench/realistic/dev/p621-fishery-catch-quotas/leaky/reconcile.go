package catchquota

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

// Option configures a Reconciler.
type Option func(*Reconciler)

// WithConcurrency bounds how many vessels are fetched from the registry at once.
func WithConcurrency(n int) Option {
	return func(r *Reconciler) { r.concurrency = n }
}

// WithTolerance sets the margin of tolerance applied before a landing is
// flagged as an overrun, as a fraction of the quota (0.1 = 10%).
func WithTolerance(f float64) Option {
	return func(r *Reconciler) { r.tolerance = f }
}

// WithLogger directs diagnostic output to l.
func WithLogger(l *log.Logger) Option {
	return func(r *Reconciler) { r.logger = l }
}

// WithClock replaces time.Now, for reproducible report timestamps.
func WithClock(now func() time.Time) Option {
	return func(r *Reconciler) { r.now = now }
}

// Reconciler matches the landings declared by each vessel of a fleet against
// the quota allocations it holds.
type Reconciler struct {
	landings    LandingSource
	allocs      AllocationStore
	concurrency int
	tolerance   float64
	logger      *log.Logger
	now         func() time.Time
}

// NewReconciler builds a Reconciler reading from the given registry and store.
func NewReconciler(landings LandingSource, allocs AllocationStore, opts ...Option) (*Reconciler, error) {
	if landings == nil || allocs == nil {
		return nil, errors.New("catchquota: landing source and allocation store are required")
	}
	r := &Reconciler{
		landings:    landings,
		allocs:      allocs,
		concurrency: 4,
		tolerance:   0.10,
		logger:      log.New(io.Discard, "", 0),
		now:         time.Now,
	}
	for _, o := range opts {
		o(r)
	}
	if r.concurrency < 1 {
		return nil, fmt.Errorf("catchquota: concurrency must be at least 1, got %d", r.concurrency)
	}
	if r.tolerance < 0 || r.tolerance > 0.5 {
		return nil, fmt.Errorf("catchquota: tolerance %.2f out of range [0, 0.5]", r.tolerance)
	}
	return r, nil
}

type vesselResult struct {
	vessel    VesselID
	statement VesselStatement
	err       error
}

// Reconcile produces the season report for fleet. Vessels whose paperwork is
// incomplete are listed as unreconciled; any other registry failure aborts the
// whole run, since a partial report would understate the fleet's catch.
func (r *Reconciler) Reconcile(ctx context.Context, season Season, fleet []VesselID) (Report, error) {
	report := Report{Season: season, Generated: r.now()}
	if len(fleet) == 0 {
		return report, nil
	}

	results := make(chan vesselResult)
	sem := make(chan struct{}, r.concurrency)
	for _, v := range fleet {
		go func(v VesselID) {
			sem <- struct{}{}
			st, err := r.reconcileVessel(ctx, season, v)
			<-sem
			results <- vesselResult{vessel: v, statement: st, err: err} // leak: nobody receives once Reconcile has returned on a fatal error
		}(v)
	}

	for range fleet {
		res := <-results
		switch {
		case res.err == nil:
			if len(res.statement.Overruns) > 0 {
				r.logger.Printf("vessel %s over quota for %v", res.vessel, res.statement.Overruns)
			}
			report.Statements = append(report.Statements, res.statement)
		case errors.Is(res.err, ErrNoAllocation), errors.Is(res.err, ErrMissingLogbook):
			r.logger.Printf("vessel %s left unreconciled: %v", res.vessel, res.err)
			report.Statements = append(report.Statements, VesselStatement{
				Vessel:       res.vessel,
				Unreconciled: res.err.Error(),
			})
		default:
			return Report{}, fmt.Errorf("reconcile season %d: vessel %s: %w", season, res.vessel, res.err)
		}
	}

	sort.Slice(report.Statements, func(i, j int) bool {
		return report.Statements[i].Vessel < report.Statements[j].Vessel
	})
	r.logger.Print(report.Summary())
	return report, nil
}

func (r *Reconciler) reconcileVessel(ctx context.Context, season Season, v VesselID) (VesselStatement, error) {
	if err := ctx.Err(); err != nil {
		return VesselStatement{}, err
	}
	allocs, err := r.allocs.Allocations(ctx, v, season)
	if err != nil {
		return VesselStatement{}, fmt.Errorf("allocations: %w", err)
	}
	if len(allocs) == 0 {
		return VesselStatement{}, ErrNoAllocation
	}
	landings, err := r.landings.Landings(ctx, v, season)
	if err != nil {
		return VesselStatement{}, fmt.Errorf("landings: %w", err)
	}
	start, end := seasonBounds(season)
	inSeason := landings[:0:0]
	for _, l := range landings {
		if l.LandedAt.Before(start) || !l.LandedAt.Before(end) {
			r.logger.Printf("vessel %s: ignoring landing at %s dated %s outside season %d",
				v, l.Port, l.LandedAt.Format("2006-01-02"), season)
			continue
		}
		inSeason = append(inSeason, l)
	}
	return tally(v, allocs, inSeason, r.tolerance)
}

// seasonBounds returns the half-open interval covered by a quota year.
func seasonBounds(s Season) (time.Time, time.Time) {
	start := time.Date(int(s), time.January, 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(1, 0, 0)
}
