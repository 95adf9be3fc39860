package onewaitereach

import "sync"

// Lane is a queue with its own consumer.
type Lane struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

// StartLanes starts one consumer per lane: each lane's condition has one waiter.
func StartLanes(lanes []*Lane) {
	for _, l := range lanes {
		l.cond = sync.NewCond(&l.mu)
		go l.consume()
	}
}

// Close stops the lane's consumer.
func (l *Lane) Close() {
	l.mu.Lock()
	l.closed = true
	l.cond.Signal()
	l.mu.Unlock()
}

func (l *Lane) consume() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for len(l.items) == 0 && !l.closed {
			l.cond.Wait()
		}
		if len(l.items) == 0 {
			return
		}
		l.items = l.items[1:]
	}
}
