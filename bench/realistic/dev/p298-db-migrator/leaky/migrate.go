// Package migrate applies versioned schema migrations to a database. A run
// holds a database advisory lock so that only one instance migrates at a time,
// applies each pending migration in its own transaction, reports progress to
// an optional callback and, if a migration fails, rolls back the migrations
// it applied earlier in the same run.
package migrate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

var (
	// ErrLocked is returned when the advisory lock could not be acquired
	// before Config.LockTimeout elapsed.
	ErrLocked = errors.New("migrate: database is locked by another migrator")
	// ErrIrreversible is returned when a rollback reaches a migration without
	// a Down script.
	ErrIrreversible = errors.New("migrate: migration cannot be rolled back")
	// ErrDuplicateVersion is returned by New for two migrations with the same
	// version.
	ErrDuplicateVersion = errors.New("migrate: duplicate migration version")
)

// Migration is one schema change.
type Migration struct {
	Version int64
	Name    string
	Up      string // SQL applied by Up
	Down    string // SQL that reverts Up; empty if irreversible
}

func (m Migration) String() string { return fmt.Sprintf("%d_%s", m.Version, m.Name) }

// DB is the database the migrator works on.
type DB interface {
	// TryAdvisoryLock attempts to take a session-level advisory lock and
	// reports whether it was acquired.
	TryAdvisoryLock(ctx context.Context, key int64) (bool, error)
	AdvisoryUnlock(ctx context.Context, key int64) error
	// AppliedVersions lists the versions recorded in the history table.
	AppliedVersions(ctx context.Context) ([]int64, error)
	Begin(ctx context.Context) (Tx, error)
}

// Tx is a database transaction.
type Tx interface {
	Exec(ctx context.Context, query string) error
	// MarkApplied records (applied true) or removes (applied false) a
	// version in the history table.
	MarkApplied(ctx context.Context, version int64, applied bool) error
	Commit() error
	Rollback() error
}

// Clock abstracts time for lock polling and progress timings.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Migrator.
type Config struct {
	// LockKey identifies the advisory lock. Defaults to DefaultLockKey.
	LockKey int64
	// LockTimeout bounds how long Up waits for another migrator to finish.
	// Defaults to one minute.
	LockTimeout time.Duration
	// LockRetry is the interval between lock attempts. Defaults to one second.
	LockRetry time.Duration
	// Progress, if set, receives progress events. It is called from a
	// separate goroutine so that a slow consumer does not hold up the
	// migration; events may be dropped if it falls far behind.
	Progress func(Event)
	// Clock defaults to the wall clock.
	Clock Clock
}

// DefaultLockKey is the advisory lock key used when Config.LockKey is zero.
const DefaultLockKey int64 = 0x6d6967726174

// Migrator applies a fixed set of migrations.
type Migrator struct {
	db         DB
	cfg        Config
	migrations []Migration // sorted by version
}

// New returns a Migrator for migrations, which may be given in any order.
func New(db DB, migrations []Migration, cfg Config) (*Migrator, error) {
	if cfg.LockKey == 0 {
		cfg.LockKey = DefaultLockKey
	}
	if cfg.LockTimeout <= 0 {
		cfg.LockTimeout = time.Minute
	}
	if cfg.LockRetry <= 0 {
		cfg.LockRetry = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	sorted := append([]Migration(nil), migrations...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Version < sorted[j].Version })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Version == sorted[i-1].Version {
			return nil, fmt.Errorf("%w: %d", ErrDuplicateVersion, sorted[i].Version)
		}
	}
	return &Migrator{db: db, cfg: cfg, migrations: sorted}, nil
}

// Pending returns the migrations not yet recorded as applied.
func (m *Migrator) Pending(ctx context.Context) ([]Migration, error) {
	versions, err := m.db.AppliedVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: read applied versions: %w", err)
	}
	applied := make(map[int64]bool, len(versions))
	for _, v := range versions {
		applied[v] = true
	}
	var pending []Migration
	for _, mig := range m.migrations {
		if !applied[mig.Version] {
			pending = append(pending, mig)
		}
	}
	return pending, nil
}

// Up applies all pending migrations in version order. If one fails, the
// migrations applied earlier in this call are rolled back and the error is
// returned; migrations from earlier calls are left alone.
func (m *Migrator) Up(ctx context.Context) (err error) {
	unlock, err := m.lock(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if uerr := unlock(); uerr != nil && err == nil {
			err = uerr
		}
	}()

	pending, err := m.Pending(ctx)
	if err != nil || len(pending) == 0 {
		return err
	}

	rep := newReporter(m.cfg.Progress, m.cfg.Clock, len(pending))
	var done []Migration
	for _, mig := range pending {
		rep.emit(EventApplying, mig, nil)
		if err := m.apply(ctx, mig); err != nil {
			rep.emit(EventFailed, mig, err)
			if rbErr := m.rollback(ctx, done, rep); rbErr != nil {
				return fmt.Errorf("migrate: %s: %w (rollback failed: %v)", mig, err, rbErr)
			}
			return fmt.Errorf("migrate: %s: %w (rolled back %d migration(s))", mig, err, len(done))
		}
		done = append(done, mig)
		rep.emit(EventApplied, mig, nil)
	}
	rep.close()
	return nil
}
