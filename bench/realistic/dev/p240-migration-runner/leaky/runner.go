package migrate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// EventKind says what a progress Event reports.
type EventKind int

// Progress event kinds.
const (
	EventWaitingForLock EventKind = iota // another runner holds the lock
	EventPlanned                         // a migration would be applied (dry run)
	EventStarted                         // a migration is being applied
	EventApplied                         // a migration was applied
	EventFailed                          // a migration failed; Err says why
	EventDone                            // all pending migrations were applied
)

var kindNames = [...]string{"waiting-for-lock", "planned", "started", "applied", "failed", "done"}

func (k EventKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event reports progress of a run.
type Event struct {
	Kind      EventKind
	Migration Migration     // not set for EventWaitingForLock and EventDone
	Index     int           // 1-based position among the pending migrations
	Total     int           // number of pending migrations
	Took      time.Duration // for EventApplied and EventFailed
	Err       error         // for EventFailed
}

// Config configures a Runner.
type Config struct {
	Store  Store
	Locker Locker
	Clock  Clock // default: the system clock

	// Owner is recorded with the lock to show who holds it; it defaults
	// to the host name.
	Owner             string
	LockTTL           time.Duration // default 30s
	LockTimeout       time.Duration // how long to wait for the lock, default 5m
	LockRetryInterval time.Duration // default 2s

	// DryRun reports what would be applied without applying it.
	DryRun bool
	// AllowOutOfOrder applies pending migrations older than the latest
	// applied one instead of failing.
	AllowOutOfOrder bool

	// OnProgress, if set, is called synchronously for every event.
	OnProgress func(Event)
}

// Report is the outcome of a run.
type Report struct {
	Pending []Migration // what was pending when the run started
	Applied []Migration // what this run applied
	DryRun  bool
	Took    time.Duration
}

// Runner applies a fixed set of migrations.
type Runner struct {
	cfg        Config
	migrations []Migration
}

// NewRunner returns a Runner for migrations.
func NewRunner(cfg Config, migrations []Migration) (*Runner, error) {
	if cfg.Store == nil || cfg.Locker == nil {
		return nil, errors.New("migrate: Store and Locker are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Owner == "" {
		host, _ := os.Hostname()
		cfg.Owner = fmt.Sprintf("%s/%d", host, os.Getpid())
	}
	if cfg.LockTTL <= 0 {
		cfg.LockTTL = 30 * time.Second
	}
	if cfg.LockTimeout <= 0 {
		cfg.LockTimeout = 5 * time.Minute
	}
	if cfg.LockRetryInterval <= 0 {
		cfg.LockRetryInterval = 2 * time.Second
	}
	return &Runner{cfg: cfg, migrations: append([]Migration(nil), migrations...)}, nil
}

// Run applies the pending migrations in order, stopping at the first
// failure. Migrations applied before a failure stay applied.
func (r *Runner) Run(ctx context.Context) (rep *Report, err error) {
	start := r.cfg.Clock.Now()
	lk, err := r.acquireLock(ctx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if rerr := lk.release(context.Background()); rerr != nil && err == nil {
			err = rerr
		}
	}()

	applied, err := r.cfg.Store.AppliedMigrations(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: read applied migrations: %w", err)
	}
	pending, err := plan(r.migrations, applied, r.cfg.AllowOutOfOrder)
	if err != nil {
		return nil, err
	}
	rep = &Report{Pending: pending, DryRun: r.cfg.DryRun}
	if r.cfg.DryRun {
		for i, m := range pending {
			r.emit(Event{Kind: EventPlanned, Migration: m, Index: i + 1, Total: len(pending)})
		}
		rep.Took = r.cfg.Clock.Now().Sub(start)
		return rep, nil
	}

	for i, m := range pending {
		if err := lk.check(); err != nil {
			return rep, fmt.Errorf("migrate: stopped before %s: %w", m, err)
		}
		r.emit(Event{Kind: EventStarted, Migration: m, Index: i + 1, Total: len(pending)})
		t0 := r.cfg.Clock.Now()
		if err := r.cfg.Store.Apply(ctx, m, m.Checksum()); err != nil {
			took := r.cfg.Clock.Now().Sub(t0)
			r.emit(Event{Kind: EventFailed, Migration: m, Index: i + 1, Total: len(pending), Took: took, Err: err})
			return rep, fmt.Errorf("migrate: apply %s: %w", m, err)
		}
		rep.Applied = append(rep.Applied, m)
		r.emit(Event{Kind: EventApplied, Migration: m, Index: i + 1, Total: len(pending), Took: r.cfg.Clock.Now().Sub(t0)})
	}
	r.emit(Event{Kind: EventDone, Total: len(pending)})
	rep.Took = r.cfg.Clock.Now().Sub(start)
	return rep, nil
}

func (r *Runner) emit(ev Event) {
	if r.cfg.OnProgress != nil {
		r.cfg.OnProgress(ev)
	}
}
