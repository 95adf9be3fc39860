package purge

import (
	"context"
	"sort"
	"sync"
	"time"
)

// tracker follows the acknowledgements for one purge across all POPs.
type tracker struct {
	id  string
	now func() time.Time

	mu      sync.Mutex
	cond    *sync.Cond
	pending map[string]struct{}
	acked   map[string]time.Time
	failed  map[string]error
}

func newTracker(id string, pops []string, now func() time.Time) *tracker {
	t := &tracker{
		id:      id,
		now:     now,
		pending: make(map[string]struct{}, len(pops)),
		acked:   make(map[string]time.Time),
		failed:  make(map[string]error),
	}
	t.cond = sync.NewCond(&t.mu)
	for _, p := range pops {
		t.pending[p] = struct{}{}
	}
	return t
}

// ack records that pop has applied the purge. It reports false if the POP
// is not part of this purge or has already been settled.
func (t *tracker) ack(pop string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.pending[pop]; !ok {
		return false
	}
	delete(t.pending, pop)
	t.acked[pop] = t.now()
	t.cond.Broadcast()
	return true
}

// fail records that the purge could not be delivered to pop.
func (t *tracker) fail(pop string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.pending[pop]; !ok {
		return
	}
	delete(t.pending, pop)
	t.failed[pop] = err
	t.cond.Broadcast()
}

// wait blocks until every POP has acknowledged or failed, or ctx is done.
func (t *tracker) wait(ctx context.Context) error {
	settled := make(chan struct{})
	go func() {
		t.mu.Lock()
		for len(t.pending) > 0 {
			t.cond.Wait() // leak: nobody broadcasts once the purge has timed out and been unregistered
		}
		t.mu.Unlock()
		close(settled)
	}()

	select {
	case <-settled:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// result snapshots the current state of the purge.
func (t *tracker) result() Result {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := Result{
		ID:     t.id,
		Acked:  make(map[string]time.Time, len(t.acked)),
		Failed: make(map[string]error, len(t.failed)),
	}
	for p, at := range t.acked {
		r.Acked[p] = at
	}
	for p, err := range t.failed {
		r.Failed[p] = err
	}
	for p := range t.pending {
		r.Pending = append(r.Pending, p)
	}
	sort.Strings(r.Pending)
	return r
}
