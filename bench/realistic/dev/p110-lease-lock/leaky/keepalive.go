package lease

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// keepalive renews the lease every ttl/3 until ctx is cancelled. Failures to
// reach the store are retried on the next tick; a lease the store no longer
// knows is reported through lost.
func (m *Mutex) keepalive(ctx context.Context, token int64, lost chan struct{}) {
	t := time.NewTicker(m.c.ttl / 3)
	defer t.Stop()
	for {
		select { // leak: Unlock returned on the Release error without cancelling this loop's context
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := m.c.store.Renew(ctx, m.key, token, m.c.ttl)
		switch {
		case err == nil:
		case errors.Is(err, ErrNotHeld):
			close(lost)
			return
		default:
			m.c.onError(fmt.Errorf("keepalive %s: %w", m.key, err))
		}
	}
}
