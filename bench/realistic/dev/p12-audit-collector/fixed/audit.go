// Package audit records security events and summarises them per user.
package audit

import (
	"sort"
	"sync"
)

// Event is one audited action.
type Event struct {
	User   string
	Action string
}

// Recorder aggregates events off the request path.
type Recorder struct {
	events chan Event

	mu     sync.Mutex
	counts map[string]int

	// sending is held (shared) across each send so Stop never closes events under one.
	sending sync.RWMutex
	closed  bool
	done    chan struct{}
}

// NewRecorder starts the aggregating goroutine.
func NewRecorder(buffer int) *Recorder {
	r := &Recorder{events: make(chan Event, buffer), counts: map[string]int{}, done: make(chan struct{})}
	go r.aggregate()
	return r
}

func (r *Recorder) aggregate() {
	defer close(r.done)
	for e := range r.events {
		r.mu.Lock()
		r.counts[e.User]++
		r.mu.Unlock()
	}
}

// Record queues an event; events after Stop are ignored.
func (r *Recorder) Record(e Event) {
	r.sending.RLock()
	defer r.sending.RUnlock()
	if r.closed {
		return
	}
	r.events <- e
}

// Stop refuses further events and waits until the queued ones are counted.
func (r *Recorder) Stop() {
	r.sending.Lock()
	if !r.closed {
		r.closed = true
		close(r.events)
	}
	r.sending.Unlock()
	<-r.done
}

// TopUsers returns the users with the most events, busiest first.
func (r *Recorder) TopUsers(n int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	users := make([]string, 0, len(r.counts))
	for u := range r.counts {
		users = append(users, u)
	}
	sort.Slice(users, func(i, j int) bool {
		if r.counts[users[i]] != r.counts[users[j]] {
			return r.counts[users[i]] > r.counts[users[j]]
		}
		return users[i] < users[j]
	})
	if len(users) > n {
		users = users[:n]
	}
	return users
}
