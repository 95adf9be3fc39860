package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Locker provides the exclusive lock that serialises migration runs, for
// example a row in a lock table with an expiry column.
type Locker interface {
	// TryLock takes the lock for ttl on behalf of owner and returns a token
	// identifying this holding. It fails with an error wrapping
	// ErrLockHeld if someone else holds the lock.
	TryLock(ctx context.Context, owner string, ttl time.Duration) (token string, err error)
	// Refresh extends the holding identified by token by ttl. It fails
	// with an error wrapping ErrLockLost if the lock has expired and been
	// taken by someone else.
	Refresh(ctx context.Context, token string, ttl time.Duration) error
	// Unlock releases the holding identified by token.
	Unlock(ctx context.Context, token string) error
}

// Lock errors.
var (
	ErrLockHeld = errors.New("migrate: lock held by another runner")
	ErrLockLost = errors.New("migrate: lock lost")
)

// Ticker is the part of *time.Ticker the runner uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
	NewTicker(d time.Duration) Ticker
}

type systemClock struct{}

type systemTicker struct{ t *time.Ticker }

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (systemClock) NewTicker(d time.Duration) Ticker       { return systemTicker{time.NewTicker(d)} }
func (t systemTicker) C() <-chan time.Time                 { return t.t.C }
func (t systemTicker) Stop()                               { t.t.Stop() }

// heldLock is a lock this runner holds. A background goroutine refreshes
// it at a third of its TTL until it is released.
type heldLock struct {
	locker Locker
	token  string
	ttl    time.Duration
	stop   chan struct{}
	lost   chan error
	err    error // set once the loss has been noticed
}

// acquireLock takes the migration lock, waiting up to LockTimeout for
// another runner to finish.
func (r *Runner) acquireLock(ctx context.Context) (*heldLock, error) {
	deadline := r.cfg.Clock.Now().Add(r.cfg.LockTimeout)
	for {
		token, err := r.cfg.Locker.TryLock(ctx, r.cfg.Owner, r.cfg.LockTTL)
		if err == nil {
			h := &heldLock{
				locker: r.cfg.Locker,
				token:  token,
				ttl:    r.cfg.LockTTL,
				stop:   make(chan struct{}),
				lost:   make(chan error, 1),
			}
			go h.keepAlive(r.cfg.Clock.NewTicker(r.cfg.LockTTL / 3))
			return h, nil
		}
		if !errors.Is(err, ErrLockHeld) {
			return nil, fmt.Errorf("migrate: acquire lock: %w", err)
		}
		if !r.cfg.Clock.Now().Before(deadline) {
			return nil, fmt.Errorf("migrate: gave up after %v: %w", r.cfg.LockTimeout, err)
		}
		r.emit(Event{Kind: EventWaitingForLock})
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("migrate: waiting for lock: %w", ctx.Err())
		case <-r.cfg.Clock.After(r.cfg.LockRetryInterval):
		}
	}
}

// keepAlive refreshes the lock on every tick until stop is closed or the
// lock is found to be lost, which it reports on lost.
func (h *heldLock) keepAlive(t Ticker) {
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C():
		}
		ctx, cancel := context.WithTimeout(context.Background(), h.ttl/3)
		err := h.locker.Refresh(ctx, h.token, h.ttl)
		cancel()
		if errors.Is(err, ErrLockLost) {
			h.lost <- fmt.Errorf("refresh migration lock: %w", err)
			return
		}
		// Other errors are transient: the lock is still ours until the
		// TTL runs out, and the next tick tries again.
	}
}

// check returns an error if the lock has been lost.
func (h *heldLock) check() error {
	if h.err == nil {
		select {
		case h.err = <-h.lost:
		default:
		}
	}
	return h.err
}

// release stops refreshing and gives the lock up.
func (h *heldLock) release(ctx context.Context) error {
	close(h.stop)
	if err := h.locker.Unlock(ctx, h.token); err != nil && !errors.Is(err, ErrLockLost) {
		return fmt.Errorf("migrate: release lock: %w", err)
	}
	return nil
}
