package geocode

import (
	"context"
	"sync"
	"time"
)

// providerQuota tracks one provider's usage within the current window.
type providerQuota struct {
	provider    Provider
	name        string
	limit       int
	used        int
	windowStart time.Time
}

// roll starts a new window if the current one has elapsed.
func (q *providerQuota) roll(now time.Time, window time.Duration) {
	if now.Sub(q.windowStart) >= window {
		q.used = 0
		q.windowStart = now
	}
}

func (q *providerQuota) fits(n int) bool {
	return q.limit == 0 || q.used+n <= q.limit
}

// quotaPool hands out provider capacity in preference order and parks
// callers until a window rolls over when every eligible provider is spent.
type quotaPool struct {
	clock  Clock
	window time.Duration
	obs    Observer

	mu     sync.Mutex
	cond   *sync.Cond
	quotas []*providerQuota

	stop     chan struct{}
	stopOnce sync.Once
}

func newQuotaPool(clock Clock, window time.Duration, obs Observer, providers []ProviderConfig) *quotaPool {
	p := &quotaPool{
		clock:  clock,
		window: window,
		obs:    obs,
		stop:   make(chan struct{}),
	}
	p.cond = sync.NewCond(&p.mu)
	now := clock.Now()
	for _, pc := range providers {
		p.quotas = append(p.quotas, &providerQuota{
			provider:    pc.Provider,
			name:        pc.Provider.Name(),
			limit:       pc.Quota,
			windowStart: now,
		})
	}
	go p.rollLoop()
	return p
}

// rollLoop wakes parked callers whenever a quota window may have elapsed.
func (p *quotaPool) rollLoop() {
	for {
		select {
		case <-p.stop:
			return
		case <-p.clock.After(p.window):
			p.mu.Lock()
			now := p.clock.Now()
			for _, q := range p.quotas {
				q.roll(now, p.window)
			}
			p.cond.Broadcast()
			p.mu.Unlock()
		}
	}
}

// reserve charges n addresses to the first provider, in preference order,
// that is not in skip and still has room in its window. If every such
// provider is spent it waits for the next window. It returns ErrNoProvider
// when no provider outside skip could ever take a batch of n.
func (p *quotaPool) reserve(ctx context.Context, n int, skip map[string]bool) (*providerQuota, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		now := p.clock.Now()
		eligible := 0
		for _, q := range p.quotas {
			if skip[q.name] || (q.limit > 0 && n > q.limit) {
				continue
			}
			eligible++
			q.roll(now, p.window)
			if q.fits(n) {
				q.used += n
				return q, nil
			}
		}
		if eligible == 0 {
			return nil, ErrNoProvider
		}
		p.obs.Throttled(n)
		p.cond.Wait()
	}
}

// close stops the roll loop. Callers parked in reserve observe their
// context's cancellation the next time they wake.
func (p *quotaPool) close() {
	p.stopOnce.Do(func() { close(p.stop) })
	p.mu.Lock()
	p.cond.Broadcast()
	p.mu.Unlock()
}
