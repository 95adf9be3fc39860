// Package dlock implements mutual exclusion between processes on top of a
// consistent key-value store: holding a lock means owning a key attached to a
// lease, so a crashed holder loses the lock when its lease expires.
package dlock

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrLocked is returned by TryLock when another owner holds the lock.
var ErrLocked = errors.New("dlock: held by another owner")

// Option configures a Locker.
type Option func(*Locker)

// WithTTL sets the lease TTL, i.e. how long a crashed holder blocks others.
func WithTTL(d time.Duration) Option { return func(l *Locker) { l.ttl = d } }

// WithRetryInterval sets how often Lock retries a held lock.
func WithRetryInterval(d time.Duration) Option { return func(l *Locker) { l.retry = d } }

// WithLogger sends diagnostics to lg.
func WithLogger(lg *log.Logger) Option { return func(l *Locker) { l.logger = lg } }

// Locker hands out locks owned by one process.
type Locker struct {
	kv     KV
	owner  string
	ttl    time.Duration
	retry  time.Duration
	logger *log.Logger
}

// NewLocker makes a locker; owner identifies this process in lock values.
func NewLocker(kv KV, owner string, opts ...Option) *Locker {
	l := &Locker{kv: kv, owner: owner, ttl: 15 * time.Second, retry: 500 * time.Millisecond, logger: log.Default()}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Lock is a held lock. It is released by Unlock, or when the context it was
// acquired with ends.
type Lock struct {
	locker *Locker
	key    string
	lease  LeaseID
	cancel context.CancelFunc
	once   sync.Once
	err    error
}

// TryLock takes the lock on key if it is free.
func (l *Locker) TryLock(ctx context.Context, key string) (*Lock, error) {
	lease, err := l.kv.Grant(ctx, l.ttl)
	if err != nil {
		return nil, fmt.Errorf("dlock: grant lease: %w", err)
	}
	ok, holder, err := l.kv.CreateIfAbsent(ctx, key, l.owner, lease)
	if err != nil || !ok {
		if rerr := l.kv.Revoke(context.Background(), lease); rerr != nil {
			l.logger.Printf("dlock: revoke unused lease %d: %v", lease, rerr)
		}
		if err != nil {
			return nil, fmt.Errorf("dlock: create %s: %w", key, err)
		}
		return nil, fmt.Errorf("%w: %s is held by %s", ErrLocked, key, holder)
	}

	lctx, cancel := context.WithCancel(ctx)
	lk := &Lock{locker: l, key: key, lease: lease, cancel: cancel}
	go func() {
		<-lctx.Done()
		lk.release()
	}()
	return lk, nil
}

// Lock waits until the lock on key is free and takes it.
func (l *Locker) Lock(ctx context.Context, key string) (*Lock, error) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
		lk, err := l.TryLock(ctx, key)
		if !errors.Is(err, ErrLocked) {
			return lk, err
		}
		t.Reset(l.retry)
	}
}

func (lk *Lock) release() {
	lk.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), lk.locker.ttl)
		defer cancel()
		if err := lk.locker.kv.DeleteIfValue(ctx, lk.key, lk.locker.owner); err != nil {
			lk.err = fmt.Errorf("dlock: delete %s: %w", lk.key, err)
		}
		if err := lk.locker.kv.Revoke(ctx, lk.lease); err != nil && !errors.Is(err, ErrLeaseNotFound) && lk.err == nil {
			lk.err = fmt.Errorf("dlock: revoke lease %d: %w", lk.lease, err)
		}
	})
}

// Key returns the locked key.
func (lk *Lock) Key() string { return lk.key }

// Unlock releases the lock.
func (lk *Lock) Unlock() error {
	lk.cancel()
	lk.release()
	return lk.err
}
