// Close stops the sampler only when nothing is held: a test that ends with quota
// still acquired leaves the sampler waiting on its stop channel.
package quota

import (
	"sync"
	"sync/atomic"
	"time"
)

type Quota struct {
	total   uint64
	used    atomic.Uint64
	closed  atomic.Bool
	wg      sync.WaitGroup
	stop    chan struct{}
	freed   *sync.Cond
	samples atomic.Int64
}

func New(total uint64) *Quota {
	q := &Quota{total: total, stop: make(chan struct{}, 1), freed: sync.NewCond(&sync.Mutex{})}
	q.wg.Add(1)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				q.samples.Add(1)
			case <-q.stop:
				q.wg.Done()
				return
			}
		}
	}()
	return q
}

func (q *Quota) Acquire(n uint64) bool {
	for {
		if q.closed.Load() {
			return false
		}
		used := q.used.Load()
		if used+n > q.total {
			q.freed.L.Lock()
			q.freed.Wait()
			q.freed.L.Unlock()
			continue
		}
		if q.used.CompareAndSwap(used, used+n) {
			return true
		}
	}
}

func (q *Quota) Release(n uint64) {
	if q.used.Add(^(n - 1)) < q.total {
		q.freed.Broadcast()
	}
}

func (q *Quota) Close() {
	q.closed.Store(true)
	q.freed.Broadcast()
	if q.used.Load() == 0 {
		close(q.stop)
		q.wg.Wait()
	}
}
