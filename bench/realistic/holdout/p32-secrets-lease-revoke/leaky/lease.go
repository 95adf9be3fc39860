package secrets

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Lease is a secret together with the server-side lease that backs it.
type Lease struct {
	ID   string
	Path string
	Data map[string]string

	mu      sync.Mutex
	expires time.Time
	expired bool

	cancel context.CancelFunc
	done   chan struct{}
}

func newLease(path string, s Secret) *Lease {
	return &Lease{ID: s.LeaseID, Path: path, Data: s.Data, expires: time.Now().Add(s.TTL)}
}

// Expired reports whether the lease has run out or the server has dropped it.
func (l *Lease) Expired() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.expired || time.Now().After(l.expires)
}

func (l *Lease) startRenewing(b Backend, increment time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	l.done = make(chan struct{})
	go l.renew(ctx, b, increment)
}

func (l *Lease) stopRenewing() {
	if l.cancel == nil {
		return
	}
	l.cancel()
	<-l.done
}

// renew extends the lease when two thirds of its remaining time have passed.
func (l *Lease) renew(ctx context.Context, b Backend, increment time.Duration) {
	defer close(l.done)
	for {
		l.mu.Lock()
		wait := time.Until(l.expires) * 2 / 3
		l.mu.Unlock()

		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}

		ttl, err := b.Renew(ctx, l.ID, increment)
		l.mu.Lock()
		switch {
		case err == nil:
			l.expires = time.Now().Add(ttl)
		case errors.Is(err, ErrLeaseNotFound):
			l.expired = true
		}
		stop := l.expired || time.Now().After(l.expires)
		l.mu.Unlock()
		if stop {
			return
		}
	}
}

// waitContext waits for wg, or for ctx to be done, whichever comes first.
func waitContext(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: Close adds one to the group per lease but starts no goroutine for expired ones, so the count never reaches zero
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
