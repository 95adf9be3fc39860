package glaze

import (
	"sync"
	"time"
)

type job struct {
	req      BatchRequest
	queued   time.Time
	onDone   func(Result)
	sequence int
}

type batchQueue struct {
	mu          sync.Mutex
	cond        *sync.Cond
	items       []*job
	mixing      int
	paused      bool
	pauseReason string
	closed      bool
	seq         int
}

func newBatchQueue() *batchQueue {
	q := &batchQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *batchQueue) push(j *job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.seq++
	j.sequence = q.seq
	q.items = append(q.items, j)
	q.cond.Signal()
	return true
}

func (q *batchQueue) next() (*job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.paused || len(q.items) == 0 {
		if q.closed && len(q.items) == 0 {
			return nil, false
		}
		q.cond.Wait() // leak: studio closed while paused with batches queued, the wait loop never exits
	}
	j := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	q.mixing++
	return j, true
}

func (q *batchQueue) done() {
	q.mu.Lock()
	q.mixing--
	q.mu.Unlock()
}

func (q *batchQueue) setPaused(paused bool, reason string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.paused = paused
	q.pauseReason = reason
	if !paused {
		q.cond.Broadcast()
	}
}

func (q *batchQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}

func (q *batchQueue) status() Status {
	q.mu.Lock()
	defer q.mu.Unlock()
	st := Status{
		Paused:      q.paused,
		PauseReason: q.pauseReason,
		Mixing:      q.mixing,
		Closed:      q.closed,
	}
	for _, j := range q.items {
		st.Queued = append(st.Queued, j.req.ID)
	}
	return st
}
