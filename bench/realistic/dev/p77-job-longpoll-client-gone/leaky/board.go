package jobstatus

import (
	"sync"
	"time"
)

// State is the lifecycle state of a background job.
type State string

const (
	Queued  State = "queued"
	Running State = "running"
	Done    State = "done"
	Failed  State = "failed"
)

// Job is the externally visible status of one job. Version grows by one on
// every change, so pollers can ask for "anything newer than N".
type Job struct {
	ID      string    `json:"id"`
	State   State     `json:"state"`
	Version int       `json:"version"`
	Updated time.Time `json:"updated"`
}

// Board keeps the latest status of every job and lets readers wait for the
// next change of one job.
type Board struct {
	mu      sync.Mutex
	jobs    map[string]Job
	waiters map[string]map[chan Job]struct{}
}

// NewBoard returns an empty board.
func NewBoard() *Board {
	return &Board{
		jobs:    make(map[string]Job),
		waiters: make(map[string]map[chan Job]struct{}),
	}
}

// Set records a new state for id and wakes everyone waiting on it.
func (b *Board) Set(id string, st State) Job {
	b.mu.Lock()
	j := b.jobs[id]
	j.ID, j.State, j.Updated = id, st, time.Now()
	j.Version++
	b.jobs[id] = j
	ws := b.waiters[id]
	delete(b.waiters, id)
	b.mu.Unlock()

	for ch := range ws {
		ch <- j // every waiter channel has room for exactly one update
	}
	return j
}

// Get returns the current status of id.
func (b *Board) Get(id string) (Job, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	j, ok := b.jobs[id]
	return j, ok
}

// Watch returns a channel that receives the first version of id newer than
// after. If one exists already it is delivered at once. The returned cancel
// function forgets the waiter; it is safe to call after delivery.
func (b *Board) Watch(id string, after int) (<-chan Job, func()) {
	ch := make(chan Job, 1)
	b.mu.Lock()
	defer b.mu.Unlock()
	if j, ok := b.jobs[id]; ok && j.Version > after {
		ch <- j
		return ch, func() {}
	}
	if b.waiters[id] == nil {
		b.waiters[id] = make(map[chan Job]struct{})
	}
	b.waiters[id][ch] = struct{}{}
	return ch, func() {
		b.mu.Lock()
		delete(b.waiters[id], ch)
		b.mu.Unlock()
	}
}
