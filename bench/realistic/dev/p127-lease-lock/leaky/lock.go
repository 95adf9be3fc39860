package dlock

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Lock is a held lock whose lease is renewed in the background.
type Lock struct {
	c      *Client
	lease  Lease
	ctx    context.Context
	cancel context.CancelFunc

	stopped chan struct{}
	lost    chan struct{}
	release sync.Once
}

func newLock(c *Client, lease Lease) *Lock {
	ctx, cancel := context.WithCancel(context.Background())
	return &Lock{
		c:       c,
		lease:   lease,
		ctx:     ctx,
		cancel:  cancel,
		stopped: make(chan struct{}),
		lost:    make(chan struct{}),
	}
}

// Name returns the lock's name.
func (l *Lock) Name() string { return l.lease.Name }

// Token returns the fencing token of the lease.
func (l *Lock) Token() uint64 { return l.lease.Token }

// Lost is closed if the lease expires before the lock is released; work
// guarded by the lock must stop when it is.
func (l *Lock) Lost() <-chan struct{} { return l.lost }

// keepAlive renews the lease three times per TTL until the lock is released,
// the client is closed, or the server says the lease is gone.
func (l *Lock) keepAlive() {
	defer l.c.wg.Done()
	defer close(l.stopped)

	interval := l.lease.TTL / 3
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-l.ctx.Done():
			return
		case <-ticker.C:
			ctx, cancel := context.WithTimeout(l.ctx, interval)
			err := l.c.backend.Renew(ctx, l.lease)
			cancel()
			if errors.Is(err, ErrExpired) {
				close(l.lost)
				l.c.forget(l)
				return
			}
		}
	}
}

// Release stops the heartbeat and gives the lock back.
func (l *Lock) Release(ctx context.Context) error {
	var err error
	l.release.Do(func() {
		l.cancel()
		<-l.stopped
		l.c.forget(l)
		if e := l.c.backend.Revoke(ctx, l.lease); e != nil {
			err = fmt.Errorf("dlock: release %q: %w", l.lease.Name, e)
		}
	})
	return err
}
