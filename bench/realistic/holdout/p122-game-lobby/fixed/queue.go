package lobby

import "sync"

// queue holds tickets waiting for a match, in arrival order. Matchmaker
// workers block in next until a compatible group of players is available.
type queue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	waiting []*Ticket
	closed  bool
	maxGap  int
}

func newQueue(maxGap int) *queue {
	q := &queue{maxGap: maxGap}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push appends t to the queue and wakes the matchmakers.
func (q *queue) push(t *Ticket) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.waiting = append(q.waiting, t)
	q.cond.Broadcast()
	return nil
}

// requeue puts tickets back at the front of the queue, keeping their
// original priority, after a failed server allocation.
func (q *queue) requeue(ts []*Ticket) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.waiting = append(append(make([]*Ticket, 0, len(ts)+len(q.waiting)), ts...), q.waiting...)
	q.cond.Broadcast()
	return nil
}

// remove drops the ticket for playerID if it is still waiting.
func (q *queue) remove(playerID string) (*Ticket, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, t := range q.waiting {
		if t.Player.ID == playerID {
			q.waiting = append(q.waiting[:i], q.waiting[i+1:]...)
			return t, true
		}
	}
	return nil, false
}

// next blocks until size players within the rating gap are waiting and
// removes them from the queue. After close, players already queued are
// still matched; ErrClosed is returned once nothing is left to match.
func (q *queue) next(size int) ([]*Ticket, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if group := q.findGroup(size); group != nil {
			return q.take(group), nil
		}
		if q.closed {
			return nil, ErrClosed
		}
		q.cond.Wait()
	}
}

// close stops the queue from accepting players and wakes all waiters.
func (q *queue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}

// drain removes and returns every ticket still waiting.
func (q *queue) drain() []*Ticket {
	q.mu.Lock()
	defer q.mu.Unlock()
	rest := q.waiting
	q.waiting = nil
	return rest
}

// findGroup returns the indexes of the oldest ticket and the next size-1
// tickets whose ratings are within maxGap of it, or nil if no such group
// exists. q.mu must be held.
func (q *queue) findGroup(size int) []int {
	for i, anchor := range q.waiting {
		group := []int{i}
		for j := i + 1; j < len(q.waiting) && len(group) < size; j++ {
			if abs(q.waiting[j].Player.Rating-anchor.Player.Rating) <= q.maxGap {
				group = append(group, j)
			}
		}
		if len(group) == size {
			return group
		}
	}
	return nil
}

// take removes the tickets at the given ascending indexes. q.mu must be held.
func (q *queue) take(idx []int) []*Ticket {
	out := make([]*Ticket, 0, len(idx))
	keep := q.waiting[:0]
	k := 0
	for i, t := range q.waiting {
		if k < len(idx) && idx[k] == i {
			out = append(out, t)
			k++
			continue
		}
		keep = append(keep, t)
	}
	for i := len(keep); i < len(q.waiting); i++ {
		q.waiting[i] = nil
	}
	q.waiting = keep
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
