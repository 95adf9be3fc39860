package cave

import (
	"context"
	"sync"
	"time"
)

type turnTask struct {
	wheelID string
	shelf   int
	due     time.Time
}

// turnQueue hands turning work to the crew. While paused the crew stays
// off the racks.
type turnQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	tasks  []turnTask
	paused bool
	reason string
	closed bool
}

func newTurnQueue() *turnQueue {
	q := &turnQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *turnQueue) push(t turnTask) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.tasks = append(q.tasks, t)
	q.cond.Signal()
	return true
}

// pause holds the crew and reports whether the queue was running before.
func (q *turnQueue) pause(reason string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	wasRunning := !q.paused
	q.paused = true
	q.reason = reason
	return wasRunning
}

// resume releases the crew and reports whether the queue was paused before.
func (q *turnQueue) resume() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.paused {
		return false
	}
	q.paused = false
	q.reason = ""
	q.cond.Broadcast()
	return true
}

func (q *turnQueue) state() (bool, string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.paused, q.reason
}

func (q *turnQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}

func (q *turnQueue) next() (turnTask, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.paused || len(q.tasks) == 0 {
		if q.closed && len(q.tasks) == 0 {
			return turnTask{}, false
		}
		q.cond.Wait() // leak: closed while paused with work queued, nobody wakes the crew again
	}
	t := q.tasks[0]
	q.tasks = q.tasks[1:]
	return t, true
}

func (c *Cave) turnLoop(worker int) {
	for {
		t, ok := c.queue.next()
		if !ok {
			return
		}
		c.turnOne(worker, t)
	}
}

func (c *Cave) turnOne(worker int, t turnTask) {
	ctx, cancel := context.WithTimeout(c.ctx, c.cfg.TurnTimeout)
	err := c.turner.Turn(ctx, t.shelf, t.wheelID)
	cancel()

	c.mu.Lock()
	w, stillHere := c.wheels[t.wheelID]
	if err == nil {
		delete(c.pending, t.wheelID)
		delete(c.attempts, t.wheelID)
		if stillHere {
			w.LastTurned = c.cfg.Now()
			w.Turns++
		}
		c.mu.Unlock()
		return
	}
	c.turnErrors++
	c.attempts[t.wheelID]++
	attempts := c.attempts[t.wheelID]
	retry := stillHere && attempts < c.cfg.MaxTurnAttempts && c.ctx.Err() == nil
	if !retry {
		delete(c.pending, t.wheelID)
		delete(c.attempts, t.wheelID)
	}
	c.mu.Unlock()

	c.log.Printf("cave %s: turner %d failed on wheel %s (shelf %d, attempt %d): %v",
		c.cfg.Name, worker, t.wheelID, t.shelf, attempts, err)
	if retry && !c.queue.push(t) {
		c.mu.Lock()
		delete(c.pending, t.wheelID)
		c.mu.Unlock()
	}
}
