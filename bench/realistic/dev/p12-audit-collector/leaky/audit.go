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
	closed bool
}

// NewRecorder starts the aggregating goroutine.
func NewRecorder(buffer int) *Recorder {
	r := &Recorder{events: make(chan Event, buffer), counts: map[string]int{}}
	go r.aggregate()
	return r
}

func (r *Recorder) aggregate() {
	for e := range r.events { // leak: Stop never closes events, so this range never ends
		r.mu.Lock()
		r.counts[e.User]++
		r.mu.Unlock()
	}
}

// Record queues an event; events after Stop are ignored.
func (r *Recorder) Record(e Event) {
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed {
		return
	}
	r.events <- e
}

// Stop refuses further events.
func (r *Recorder) Stop() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
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
