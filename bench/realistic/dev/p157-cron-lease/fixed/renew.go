package cronlock

import (
	"errors"
	"time"
)

// keepAlive renews the lease at a third of its TTL so that one failed renewal
// does not lose it. It stops when the lease context ends or the store says the
// lease belongs to someone else.
func (le *Lease) keepAlive() {
	defer close(le.done)
	l := le.locker
	t := time.NewTicker(l.ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-le.ctx.Done():
			return
		case <-t.C:
			err := l.store.Renew(le.ctx, le.key, l.owner, l.ttl)
			switch {
			case errors.Is(err, ErrNotOwner):
				l.logf("cronlock: lease %q lost", le.key)
				le.cancel()
				return
			case err != nil:
				l.logf("cronlock: renew %q: %v", le.key, err)
			}
		}
	}
}
