package migrate

import (
	"context"
	"fmt"
	"time"
)

// lock takes the advisory lock, polling until it is free or LockTimeout
// elapses. The returned function releases it.
func (m *Migrator) lock(ctx context.Context) (func() error, error) {
	deadline := m.cfg.Clock.Now().Add(m.cfg.LockTimeout)
	for {
		ok, err := m.db.TryAdvisoryLock(ctx, m.cfg.LockKey)
		if err != nil {
			return nil, fmt.Errorf("migrate: acquire advisory lock: %w", err)
		}
		if ok {
			break
		}
		if !m.cfg.Clock.Now().Before(deadline) {
			return nil, fmt.Errorf("%w (waited %v)", ErrLocked, m.cfg.LockTimeout)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("migrate: waiting for advisory lock: %w", ctx.Err())
		case <-m.cfg.Clock.After(m.cfg.LockRetry):
		}
	}
	return func() error {
		// Release even if ctx was cancelled; the lock is held by the
		// session and would otherwise outlive this run.
		uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := m.db.AdvisoryUnlock(uctx, m.cfg.LockKey); err != nil {
			return fmt.Errorf("migrate: release advisory lock: %w", err)
		}
		return nil
	}, nil
}

// apply runs mig's Up script and records it, in one transaction.
func (m *Migrator) apply(ctx context.Context, mig Migration) error {
	return m.inTx(ctx, func(tx Tx) error {
		if err := tx.Exec(ctx, mig.Up); err != nil {
			return err
		}
		return tx.MarkApplied(ctx, mig.Version, true)
	})
}

// rollback reverts done, newest first.
func (m *Migrator) rollback(ctx context.Context, done []Migration, rep *reporter) error {
	for i := len(done) - 1; i >= 0; i-- {
		mig := done[i]
		if mig.Down == "" {
			return fmt.Errorf("%w: %s", ErrIrreversible, mig)
		}
		err := m.inTx(ctx, func(tx Tx) error {
			if err := tx.Exec(ctx, mig.Down); err != nil {
				return err
			}
			return tx.MarkApplied(ctx, mig.Version, false)
		})
		if err != nil {
			return fmt.Errorf("revert %s: %w", mig, err)
		}
		rep.emit(EventRolledBack, mig, nil)
	}
	return nil
}

func (m *Migrator) inTx(ctx context.Context, fn func(Tx) error) error {
	tx, err := m.db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil {
			return fmt.Errorf("%w (transaction rollback: %v)", err, rbErr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
