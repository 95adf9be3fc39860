package cronlock

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// releaseTimeout bounds the release call, which runs even when the caller's
// context is already done.
const releaseTimeout = 5 * time.Second

// Job is the work guarded by a lease. It must stop when ctx is cancelled.
type Job func(ctx context.Context) error

// Run executes job if this replica can take the lease for name. It returns
// (false, nil) when another replica is already running the job.
func (l *Locker) Run(ctx context.Context, name string, job Job) (ran bool, err error) {
	lease, err := l.Acquire(ctx, "cron/"+name)
	if errors.Is(err, ErrHeld) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	jobErr := job(lease.Context())

	rctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
	defer cancel()
	relErr := lease.Release(rctx)
	if jobErr != nil {
		return true, fmt.Errorf("cron %s: %w", name, jobErr)
	}
	return true, relErr
}
