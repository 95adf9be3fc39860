package leaderstep

import "sync"

// Leader ships its log to one follower in the background until it steps down.
type Leader struct {
	mu      sync.Mutex
	cond    *sync.Cond
	term    uint64
	log     []string
	sent    int
	stopped bool
}

// NewLeader starts shipping for term.
func NewLeader(term uint64) *Leader {
	l := &Leader{term: term}
	l.cond = sync.NewCond(&l.mu)
	go l.ship()
	return l
}

// Append adds an entry and wakes the shipper.
func (l *Leader) Append(entry string) {
	l.mu.Lock()
	l.log = append(l.log, entry)
	l.cond.Broadcast()
	l.mu.Unlock()
}

func (l *Leader) ship() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for !l.stopped && l.sent == len(l.log) {
			l.cond.Wait()
		}
		if l.stopped {
			return
		}
		l.sent = len(l.log)
	}
}

// ObserveTerm steps down when term is newer than the leader's. A term that is not
// newer, or a leader that has already stepped down, leaves nothing to do.
func (l *Leader) ObserveTerm(term uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if term <= l.term || l.stopped {
		return
	}
	l.term = term
	l.stopped = true
	l.cond.Broadcast()
}
