package jobs

import (
	"fmt"
	"sync"
)

// Status of a job.
type Status int

const (
	Pending Status = iota
	Running
	Succeeded
	Failed
)

func (s Status) String() string {
	return [...]string{"pending", "running", "succeeded", "failed"}[s]
}

func (s Status) terminal() bool { return s == Succeeded || s == Failed }

// Event describes one status change.
type Event struct {
	Job      string
	From, To Status
}

// Tracker records job statuses and publishes every change, in order, on
// Events.
type Tracker struct {
	mu     sync.Mutex
	status map[string]Status
	events chan Event
}

// NewTracker returns an empty tracker.
func NewTracker() *Tracker {
	return &Tracker{status: make(map[string]Status), events: make(chan Event)}
}

// Events is the ordered stream of status changes.
func (t *Tracker) Events() <-chan Event { return t.events }

// Add registers a pending job.
func (t *Tracker) Add(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.status[id] = Pending
}

var allowed = map[Status][]Status{
	Pending: {Running, Failed},
	Running: {Succeeded, Failed},
}

// Transition moves job id to status to. The event is published after the
// lock is released, since whoever consumes it may call back into the tracker.
func (t *Tracker) Transition(id string, to Status) error {
	t.mu.Lock()
	from, ok := t.status[id]
	if !ok {
		t.mu.Unlock()
		return fmt.Errorf("jobs: unknown job %q", id)
	}
	legal := false
	for _, s := range allowed[from] {
		legal = legal || s == to
	}
	if !legal {
		t.mu.Unlock()
		return fmt.Errorf("jobs: %s: %s -> %s not allowed", id, from, to)
	}
	t.status[id] = to
	t.mu.Unlock()
	t.events <- Event{Job: id, From: from, To: to}
	return nil
}

// Counts returns how many jobs are in each status.
func (t *Tracker) Counts() map[Status]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[Status]int)
	for _, s := range t.status {
		out[s]++
	}
	return out
}
